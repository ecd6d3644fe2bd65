package io.ontobridge.streams.trainer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Everything one scored sample gives its probe ({@link TrackedProbe#update}'s arguments), so the update can be
 * logged and replayed exactly (see {@link ProbeStore}).
 *
 * @param controlTarget the control task's target as drawn for the sample, or null
 */
record ProbeUpdate(float[] activations, Map<String, float[]> baselines, double featureValue, double prediction,
                   boolean heldOut, String mode, Double factorValue, Double controlTarget) {
    private static final byte FORMAT = 1;

    void applyTo(TrackedProbe probe, IntFunction<Probe> newProbe) {
        probe.update(activations, baselines, featureValue, prediction, heldOut, mode, factorValue, controlTarget,
                newProbe);
    }

    byte[] toBytes() {
        int size = 64 + activations.length * Float.BYTES
                + baselines.values().stream().mapToInt(b -> 32 + b.length * Float.BYTES).sum();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeVector(out, activations);
            out.writeInt(baselines.size());
            for (var baseline : new TreeMap<>(baselines).entrySet()) {
                out.writeUTF(baseline.getKey());
                writeVector(out, baseline.getValue());
            }
            out.writeDouble(featureValue);
            out.writeDouble(prediction);
            out.writeBoolean(heldOut);
            out.writeUTF(mode);
            writeOptional(out, factorValue);
            writeOptional(out, controlTarget);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ProbeUpdate fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("logged probe update has format " + format + ", this trainer reads " + FORMAT);
            }
            float[] activations = readVector(in);
            Map<String, float[]> baselines = new TreeMap<>();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                baselines.put(in.readUTF(), readVector(in));
            }
            return new ProbeUpdate(activations, baselines, in.readDouble(), in.readDouble(), in.readBoolean(),
                    in.readUTF(), readOptional(in), readOptional(in));
        } catch (IOException e) {
            throw new UncheckedIOException("logged probe update is corrupt", e);
        }
    }

    private static void writeVector(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        StateArrays.writeFloats(out, values, values.length);
    }

    private static float[] readVector(DataInputStream in) throws IOException {
        float[] values = new float[in.readInt()];
        StateArrays.readFloats(in, values, values.length);
        return values;
    }

    private static void writeOptional(DataOutputStream out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    private static Double readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }
}
