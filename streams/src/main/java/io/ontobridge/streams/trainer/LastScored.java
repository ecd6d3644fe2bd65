package io.ontobridge.streams.trainer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last sample of a concept and target model that was scored, with each target version's prediction on it.
 * Target inference writes every version's activations of a sample together, into one partition, so when a
 * second version's prediction on the same sample arrives the first is here to compare with.
 */
record LastScored(String sampleId, Map<String, Double> predictions) {

    static LastScored first(String sampleId, String version, double prediction) {
        Map<String, Double> predictions = new LinkedHashMap<>();
        predictions.put(version, prediction);
        return new LastScored(sampleId, predictions);
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(sampleId);
            out.writeInt(predictions.size());
            for (var entry : predictions.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeDouble(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static LastScored fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            String sampleId = in.readUTF();
            int n = in.readInt();
            Map<String, Double> predictions = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                predictions.put(in.readUTF(), in.readDouble());
            }
            return new LastScored(sampleId, predictions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
