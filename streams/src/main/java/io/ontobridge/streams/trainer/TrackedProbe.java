package io.ontobridge.streams.trainer;

import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.GroundTruthFit;
import io.ontobridge.schema.HeldOutFidelity;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.ProbeSnapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One probe with what is known about it: which models it maps between, how many samples it has
 * seen, its typical residual, its held-out fidelity (overall and per generator mode), the same probe
 * fitted on control read-outs (baselines), and how it tracks the ground-truth factor where samples
 * carry one. Its whole state round-trips through {@link #toBytes()}, which is what the trainer's
 * state store (and so its changelog) holds.
 */
final class TrackedProbe {
    private static final byte FORMAT = 2;
    /** Weight of a new residual in the running mean square, once past the first 1/ALPHA samples. */
    private static final double ALPHA = 0.01;

    private final String concept;
    private final ModelRef source;
    private final ModelRef target;
    private final ProbeSettings settings;
    /** Baseline probes take 0.1/sqrt(their own dimension) as learning rate, not the main probe's. */
    private final boolean autoRate;
    private final int window;
    /** The ground-truth factor the concept tracks, or "" when there is none. */
    private final String factor;
    private final LinearProbe probe;
    private final FidelityWindow heldOut;
    private final Map<String, FidelityWindow> heldOutByMode = new TreeMap<>();
    private final Map<String, LinearProbe> baselines = new TreeMap<>();
    private final Map<String, FidelityWindow> baselineHeldOut = new TreeMap<>();
    /** Held-out (probe output, factor) and (source feature, factor) pairs. */
    private final FidelityWindow probeVsFactor;
    private final FidelityWindow sourceVsFactor;
    private long samplesSeen;
    private long heldOutSeen;
    private long residualsSeen;
    private double residualMeanSquare;

    private TrackedProbe(String concept, ModelRef source, ModelRef target, ProbeSettings settings, boolean autoRate,
                         int window, String factor, LinearProbe probe) {
        this.concept = concept;
        this.source = source;
        this.target = target;
        this.settings = settings;
        this.autoRate = autoRate;
        this.window = window;
        this.factor = factor;
        this.probe = probe;
        this.heldOut = new FidelityWindow(window);
        this.probeVsFactor = new FidelityWindow(window);
        this.sourceVsFactor = new FidelityWindow(window);
    }

    /**
     * @param settings the probe's settings (its dimension is the target read-out's; baselines get the same
     *                 settings at their own dimension)
     * @param autoRate true when the learning rate follows the dimension (so baselines get their own)
     * @param factor   the ground-truth factor the concept tracks, or null
     */
    static TrackedProbe create(String concept, ModelRef source, ModelRef target, ProbeSettings settings,
                               boolean autoRate, int window, String factor) {
        return new TrackedProbe(concept, source, target, settings, autoRate, window, factor == null ? "" : factor,
                LinearProbe.create(settings));
    }

    int dimension() {
        return probe.dimension();
    }

    /** The dimension a baseline's read-out must have once that baseline's probe exists, else -1. */
    int baselineDimension(String name) {
        LinearProbe baseline = baselines.get(name);
        return baseline == null ? -1 : baseline.dimension();
    }

    /** The probe's output for these activations, before it learns from them. */
    double predict(float[] activations) {
        return probe.predict(activations);
    }

    /** The typical size of a residual (running RMS over learned samples); 0 while unknown. */
    double residualScale() {
        return residualsSeen == 0 ? 0 : Math.sqrt(residualMeanSquare);
    }

    /**
     * Takes in one scored sample. A held-out one only enters the fidelity windows (overall, its mode's,
     * each baseline's, the ground truth's); any other one updates the residual scale and is learned
     * from, by the probe and by every baseline probe.
     *
     * @param baselineActivations control read-outs by name (may be empty)
     * @param mode                the generator mode of the sample ("" when unknown)
     * @param factorValue         the ground-truth factor's value on the sample, or null
     */
    void update(float[] activations, Map<String, float[]> baselineActivations, double featureValue, double prediction,
                boolean isHeldOut, String mode, Double factorValue) {
        samplesSeen++;
        baselineActivations.forEach((name, values) -> baselines.computeIfAbsent(name, n -> {
            baselineHeldOut.put(n, new FidelityWindow(window));
            ProbeSettings baseline = settings.withDimension(values.length);
            return LinearProbe.create(autoRate
                    ? baseline.withLearningRate(ProbeSettings.defaultLearningRate(values.length)) : baseline);
        }));
        if (isHeldOut) {
            heldOutSeen++;
            heldOut.add(prediction, featureValue);
            if (!mode.isEmpty()) {
                heldOutByMode.computeIfAbsent(mode, m -> new FidelityWindow(window)).add(prediction, featureValue);
            }
            baselineActivations.forEach((name, values) ->
                    baselineHeldOut.get(name).add(baselines.get(name).predict(values), featureValue));
            if (factorValue != null) {
                probeVsFactor.add(prediction, factorValue);
                sourceVsFactor.add(featureValue, factorValue);
            }
            return;
        }
        double residual = prediction - featureValue;
        residualsSeen++;
        double weight = Math.max(1.0 / residualsSeen, ALPHA);
        residualMeanSquare += weight * (residual * residual - residualMeanSquare);
        probe.learn(activations, featureValue);
        baselineActivations.forEach((name, values) -> baselines.get(name).learn(values, featureValue));
    }

    /** The ground-truth factor the concept tracks, or null. */
    String factor() {
        return factor.isEmpty() ? null : factor;
    }

    long samplesSeen() {
        return samplesSeen;
    }

    long trainedOn() {
        return probe.samplesLearned();
    }

    long version() {
        return probe.steps();
    }

    ProbeSnapshot snapshot() {
        Map<String, HeldOutFidelity> byMode = new TreeMap<>();
        heldOutByMode.forEach((mode, w) -> byMode.put(mode, fidelity(w.size(), w)));
        Map<String, HeldOutFidelity> baselineFidelity = new TreeMap<>();
        baselineHeldOut.forEach((name, w) -> baselineFidelity.put(name, fidelity(w.size(), w)));
        GroundTruthFit truth = factor.isEmpty() ? null : new GroundTruthFit(factor, probeVsFactor.size(),
                sourceVsFactor.pearson(), probeVsFactor.pearson());
        return ProbeSnapshot.newBuilder()
                .setConcept(concept)
                .setSource(source)
                .setTarget(target)
                .setKind("linear")
                .setVersion(probe.steps())
                .setSamplesSeen(samplesSeen)
                .setTrainedOn(probe.samplesLearned())
                .setHeldOut(fidelity(heldOutSeen, heldOut))
                .setHeldOutByMode(byMode)
                .setBaselines(baselineFidelity)
                .setGroundTruth(truth)
                .setWeights(Float32Tensors.vector(probe.weightsInInputUnits()))
                .setBias(probe.biasInInputUnits())
                .setUpdatedAt(Instant.now())
                .build();
    }

    private static HeldOutFidelity fidelity(long seen, FidelityWindow w) {
        return new HeldOutFidelity(seen, w.size(), w.pearson(), w.r2());
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(concept);
            writeModel(out, source);
            writeModel(out, target);
            out.writeBoolean(autoRate);
            out.writeInt(window);
            out.writeUTF(factor);
            writeProbe(out, probe);
            heldOut.write(out);
            writeWindows(out, heldOutByMode);
            out.writeInt(baselines.size());
            for (var entry : baselines.entrySet()) {
                out.writeUTF(entry.getKey());
                writeProbe(out, entry.getValue());
                baselineHeldOut.get(entry.getKey()).write(out);
            }
            probeVsFactor.write(out);
            sourceVsFactor.write(out);
            out.writeLong(samplesSeen);
            out.writeLong(heldOutSeen);
            out.writeLong(residualsSeen);
            out.writeDouble(residualMeanSquare);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TrackedProbe fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("probe state has format " + format + ", this trainer reads " + FORMAT);
            }
            String concept = in.readUTF();
            ModelRef source = readModel(in);
            ModelRef target = readModel(in);
            boolean autoRate = in.readBoolean();
            int window = in.readInt();
            String factor = in.readUTF();
            LinearProbe probe = readProbe(in);
            TrackedProbe tracked = new TrackedProbe(concept, source, target, probe.settings(), autoRate, window, factor,
                    probe);
            tracked.heldOut.copyFrom(FidelityWindow.read(in));
            readWindows(in, tracked.heldOutByMode);
            int baselineCount = in.readInt();
            for (int i = 0; i < baselineCount; i++) {
                String name = in.readUTF();
                tracked.baselines.put(name, readProbe(in));
                tracked.baselineHeldOut.put(name, FidelityWindow.read(in));
            }
            tracked.probeVsFactor.copyFrom(FidelityWindow.read(in));
            tracked.sourceVsFactor.copyFrom(FidelityWindow.read(in));
            tracked.samplesSeen = in.readLong();
            tracked.heldOutSeen = in.readLong();
            tracked.residualsSeen = in.readLong();
            tracked.residualMeanSquare = in.readDouble();
            return tracked;
        } catch (IOException e) {
            throw new UncheckedIOException("probe state is corrupt", e);
        }
    }

    private static void writeProbe(DataOutputStream out, LinearProbe probe) throws IOException {
        byte[] probeBytes = probe.toBytes();
        out.writeInt(probeBytes.length);
        out.write(probeBytes);
    }

    private static LinearProbe readProbe(DataInputStream in) throws IOException {
        byte[] probeBytes = new byte[in.readInt()];
        in.readFully(probeBytes);
        return LinearProbe.fromBytes(probeBytes);
    }

    private static void writeWindows(DataOutputStream out, Map<String, FidelityWindow> windows) throws IOException {
        out.writeInt(windows.size());
        for (var entry : windows.entrySet()) {
            out.writeUTF(entry.getKey());
            entry.getValue().write(out);
        }
    }

    private static void readWindows(DataInputStream in, Map<String, FidelityWindow> into) throws IOException {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            into.put(in.readUTF(), FidelityWindow.read(in));
        }
    }

    private static void writeModel(DataOutputStream out, ModelRef model) throws IOException {
        out.writeUTF(model.getName());
        out.writeUTF(model.getVersion());
        out.writeUTF(model.getSha256());
        out.writeUTF(model.getLayer());
    }

    private static ModelRef readModel(DataInputStream in) throws IOException {
        return new ModelRef(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
    }
}
