package io.ontobridge.probe;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one scored sample gives its concept probe ({@link ConceptProbe#update}), so the update can be logged
 * and replayed exactly: a replayed log gives the very probe that took the updates in.
 *
 * @param activations   the target's read-out
 * @param baselines     control read-outs by name (may be empty)
 * @param featureValue  the source feature's value on the sample
 * @param prediction    the probe's prediction before it learned the sample (the score)
 * @param heldOut       whether the sample is held out (never learned from)
 * @param mode          the generator mode of the sample ("" when unknown)
 * @param factorValue   the ground-truth factor's value on the sample, or null
 * @param controlTarget the control task's target as drawn for the sample ({@link ControlTask#target}), or null
 */
public record ProbeUpdate(float[] activations, Map<String, float[]> baselines, double featureValue, double prediction,
                          boolean heldOut, String mode, Double factorValue, Double controlTarget) {
    private static final byte FORMAT = 1;

    /** Format, activations (length, floats), baselines in name order (name, length, floats), values, mode, options. */
    public byte[] toBytes() {
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

    public static ProbeUpdate fromBytes(byte[] bytes) {
        return StateReader.read(bytes, "logged probe update", in -> {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("logged probe update has format " + format + ", this version reads "
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
