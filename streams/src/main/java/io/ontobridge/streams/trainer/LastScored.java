package io.ontobridge.streams.trainer;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

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

    /** The sample id, then each version and its prediction, in the order they came. */
    byte[] toBytes() {
        StateWriter out = new StateWriter("last scored sample", 64);
        out.writeUtf(sampleId);
        out.writeInt(predictions.size());
        for (var entry : predictions.entrySet()) {
            out.writeUtf(entry.getKey());
            out.writeDouble(entry.getValue());
        }
        return out.toByteArray();
    }

    static LastScored fromBytes(byte[] data) {
        return StateReader.read(data, "last scored sample", in -> {
            String sampleId = in.readUtf();
            int n = in.readCount("version count", in.remaining());
            Map<String, Double> predictions = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                predictions.put(in.readUtf(), in.readDouble());
            }
            return new LastScored(sampleId, predictions);
        });
    }
}
