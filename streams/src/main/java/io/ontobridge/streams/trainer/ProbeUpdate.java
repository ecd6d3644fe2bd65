package io.ontobridge.streams.trainer;

import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

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
        StateWriter out = new StateWriter("logged probe update", size);
        out.writeByte(FORMAT);
        writeVector(out, activations);
        out.writeInt(baselines.size());
        for (var baseline : new TreeMap<>(baselines).entrySet()) {
            out.writeUtf(baseline.getKey());
            writeVector(out, baseline.getValue());
        }
        out.writeDouble(featureValue);
        out.writeDouble(prediction);
        out.writeBoolean(heldOut);
        out.writeUtf(mode);
        out.writeOptionalDouble(factorValue);
        out.writeOptionalDouble(controlTarget);
        return out.toByteArray();
    }

    static ProbeUpdate fromBytes(byte[] bytes) {
        return StateReader.read(bytes, "logged probe update", in -> {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("logged probe update has format " + format + ", this trainer reads "
                        + FORMAT);
            }
            float[] activations = readVector(in);
            Map<String, float[]> baselines = new TreeMap<>();
            int count = in.readCount("baseline count", in.remaining());
            for (int i = 0; i < count; i++) {
                baselines.put(in.readUtf(), readVector(in));
            }
            return new ProbeUpdate(activations, baselines, in.readDouble(), in.readDouble(), in.readBoolean(),
                    in.readUtf(), in.readOptionalDouble(), in.readOptionalDouble());
        });
    }

    /** Its length, then the values. */
    private static void writeVector(StateWriter out, float[] values) {
        out.writeInt(values.length);
        out.writeFloats(values);
    }

    private static float[] readVector(StateReader in) {
        return in.readFloats(in.readInt());
    }
}
