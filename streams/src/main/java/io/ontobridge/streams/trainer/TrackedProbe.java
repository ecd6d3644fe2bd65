package io.ontobridge.streams.trainer;

import io.ontobridge.probe.ProbeStatus;
import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.learn.MlpProbe;
import io.ontobridge.probe.learn.ProbeLoss;
import io.ontobridge.probe.metrics.FidelityWindow;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.GroundTruthFit;
import io.ontobridge.schema.HeldOutFidelity;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.ProbeSnapshot;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * One probe with what is known about it: which models it maps between, how many samples it has
 * seen, its typical residual, its held-out fidelity (overall and per generator mode), a control probe
 * trained on the feature values permuted, the same probe fitted on control read-outs (baselines),
 * how it tracks the ground-truth factor where samples carry one, and so its status. Its whole state round-trips through {@link #toBytes()}, which is what the trainer's
 * state store (and so its changelog) holds.
 */
final class TrackedProbe {
    private static final byte FORMAT = 6;
    /** Recent feature values the control task draws its targets from. */
    private static final int CONTROL_POOL = 256;
    /** The control task starts once this many feature values are pooled. */
    private static final int CONTROL_MIN_POOL = 16;
    /** Weight of a new residual in the running mean square, once past the first 1/ALPHA samples. */
    private static final double ALPHA = 0.01;

    private final String concept;
    private final ModelRef source;
    private final ModelRef target;
    /** What the probe is trained to do; for a binarized concept the windows hold 0/1 labels, not feature values. */
    private final ProbeLoss loss;
    private final int window;
    /** The ground-truth factor the concept tracks, or "" when there is none. */
    private final String factor;
    private final Probe probe;
    private final FidelityWindow heldOut;
    /** Test-then-train: learned samples, each predicted before it was learned. */
    private final FidelityWindow prequential;
    private final Map<String, FidelityWindow> heldOutByMode = new TreeMap<>();
    private final Map<String, Probe> baselines = new TreeMap<>();
    private final Map<String, FidelityWindow> baselineHeldOut = new TreeMap<>();
    /** Held-out (probe output, factor) and (source feature, factor) pairs. */
    private final FidelityWindow probeVsFactor;
    private final FidelityWindow sourceVsFactor;
    private final Probe control;
    private final FidelityWindow controlHeldOut;
    private final double[] controlPool = new double[CONTROL_POOL];
    private int controlPoolSize;
    private int controlPoolNext;
    private final Map<String, Long> reviewsApplied = new TreeMap<>();
    private long samplesSeen;
    private long heldOutSeen;
    private long residualsSeen;
    private double residualMeanSquare;
    /** The size of the state when last saved (not part of it). */
    private int savedSize = 4096;

    private TrackedProbe(String concept, ModelRef source, ModelRef target, ProbeLoss loss, int window, String factor,
                         Probe probe, Probe control) {
        this.concept = concept;
        this.source = source;
        this.target = target;
        this.loss = loss;
        this.window = window;
        this.factor = factor;
        this.probe = probe;
        this.heldOut = new FidelityWindow(window);
        this.prequential = new FidelityWindow(window);
        this.probeVsFactor = new FidelityWindow(window);
        this.sourceVsFactor = new FidelityWindow(window);
        this.control = control;
        this.controlHeldOut = new FidelityWindow(window);
    }

    /**
     * @param newProbe makes a fresh probe for a read-out of the given dimension (the probe, its control and
     *                 each baseline are made the same way)
     * @param factor   the ground-truth factor the concept tracks, or null
     */
    static TrackedProbe create(String concept, ModelRef source, ModelRef target, int dimension,
                               IntFunction<Probe> newProbe, ProbeLoss loss, int window, String factor) {
        return new TrackedProbe(concept, source, target, loss, window, factor == null ? "" : factor,
                newProbe.apply(dimension), newProbe.apply(dimension));
    }

    /**
     * A probe for a new target version that starts from {@code previous}'s: a copy of its weights, optimizer
     * state and input standardization, with a fresh control probe, no baselines yet, and fidelity windows and
     * counts of its own. Only for read-outs of the same size.
     */
    static TrackedProbe warmStartedFrom(TrackedProbe previous, ModelRef source, ModelRef target,
                                        IntFunction<Probe> newProbe) {
        return new TrackedProbe(previous.concept, source, target, previous.loss, previous.window, previous.factor,
                Probe.fromBytes(previous.probe.toBytes()), newProbe.apply(previous.dimension()));
    }

    /** What a held-out window compares a prediction with: the feature value, or for a binarized concept its label. */
    private double truth(double featureValue) {
        return loss.isLogistic() ? loss.label(featureValue) : featureValue;
    }

    /** linear (no hidden layer, squared loss), logistic (no hidden layer, logistic loss) or mlp. */
    private String kindName() {
        if (probe instanceof MlpProbe mlp && mlp.isLinear()) {
            return mlp.loss().isLogistic() ? "logistic" : "linear";
        }
        return "mlp";
    }

    boolean binarized() {
        return loss.isLogistic();
    }

    /** A binarized concept's boundary on this probe's predictions. */
    double decisionThreshold() {
        return loss.decisionThreshold();
    }

    int dimension() {
        return probe.dimension();
    }

    /** The dimension a baseline's read-out must have once that baseline's probe exists, else -1. */
    int baselineDimension(String name) {
        Probe baseline = baselines.get(name);
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
     * The control task's target for a sample: the feature value of an earlier sample, picked by the
     * hash of this sample's id. The values keep their distribution but lose any link to the
     * activations, so a probe that fits them is fitting noise. Null until enough values are pooled.
     */
    Double controlTarget(String sampleId) {
        if (controlPoolSize < CONTROL_MIN_POOL) {
            return null;
        }
        int hash = org.apache.kafka.common.utils.Utils.murmur2(sampleId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return controlPool[org.apache.kafka.common.utils.Utils.toPositive(hash) % controlPoolSize];
    }

    /**
     * The probe's status, from its held-out windows and the spec's thresholds: warming-up, mapped,
     * mapped-but-input-decodable or lost.
     */
    ProbeStatus status(int minHeldout, double minPearson, double minAuroc, double minSelectivity, double liftMargin) {
        if (heldOut.size() < minHeldout) {
            return ProbeStatus.WARMING_UP;
        }
        double selectivity = selectivity();
        boolean faithful = binarized() ? heldOut.auroc() >= minAuroc : heldOut.pearson() >= minPearson;
        if (!faithful || !(selectivity >= minSelectivity)) {
            return ProbeStatus.LOST;
        }
        return !baselines.isEmpty() && lift() < liftMargin ? ProbeStatus.MAPPED_BUT_INPUT_DECODABLE : ProbeStatus.MAPPED;
    }

    /** Held-out R^2 of the probe minus that of the control probe (the control counts as 0 until it has data). */
    double selectivity() {
        double controlR2 = controlHeldOut.size() < 3 ? 0 : controlHeldOut.r2();
        return heldOut.r2() - (Double.isNaN(controlR2) ? 0 : controlR2);
    }

    /** Held-out R^2 of the probe minus the best baseline's; NaN without baselines. */
    double lift() {
        double best = Double.NaN;
        for (FidelityWindow w : baselineHeldOut.values()) {
            double r2 = w.r2();
            if (!Double.isNaN(r2) && (Double.isNaN(best) || r2 > best)) {
                best = r2;
            }
        }
        return heldOut.r2() - best;
    }

    /**
     * The calibrated disagreement threshold: the {@code q} quantile of held-out |residuals|, or for a binarized
     * concept the cost-weighted decision boundary on the probe's output; 0 while warming up.
     */
    double residualThreshold(double q, int minHeldout) {
        if (heldOut.size() < minHeldout) {
            return 0;
        }
        return binarized() ? loss.decisionThreshold() : heldOut.absResidualQuantile(q);
    }

    /**
     * Takes in one scored sample. A held-out one only enters the fidelity windows (overall, its mode's,
     * each baseline's, the ground truth's); any other one updates the residual scale and is learned
     * from, by the probe and by every baseline probe.
     *
     * @param baselineActivations control read-outs by name (may be empty)
     * @param mode                the generator mode of the sample ("" when unknown)
     * @param factorValue         the ground-truth factor's value on the sample, or null
     * @param controlTarget       the control task's target for the sample ({@link #controlTarget}), or null
     */
    void update(float[] activations, Map<String, float[]> baselineActivations, double featureValue, double prediction,
                boolean isHeldOut, String mode, Double factorValue, Double controlTarget, IntFunction<Probe> newProbe) {
        samplesSeen++;
        controlPool[controlPoolNext] = featureValue;
        controlPoolNext = (controlPoolNext + 1) % CONTROL_POOL;
        controlPoolSize = Math.min(controlPoolSize + 1, CONTROL_POOL);
        baselineActivations.forEach((name, values) -> baselines.computeIfAbsent(name, n -> {
            baselineHeldOut.put(n, new FidelityWindow(window));
            return newProbe.apply(values.length);
        }));
        if (isHeldOut) {
            heldOutSeen++;
            double truth = truth(featureValue);
            heldOut.add(prediction, truth);
            if (!mode.isEmpty()) {
                heldOutByMode.computeIfAbsent(mode, m -> new FidelityWindow(window)).add(prediction, truth);
            }
            baselineActivations.forEach((name, values) ->
                    baselineHeldOut.get(name).add(baselines.get(name).predict(values), truth));
            if (factorValue != null) {
                probeVsFactor.add(prediction, factorValue);
                sourceVsFactor.add(featureValue, factorValue);
            }
            if (controlTarget != null) {
                controlHeldOut.add(control.predict(activations), truth(controlTarget));
            }
            return;
        }
        if (controlTarget != null) {
            control.learn(activations, controlTarget);
        }
        prequential.add(prediction, truth(featureValue));
        double residual = prediction - featureValue;
        residualsSeen++;
        double weight = Math.max(1.0 / residualsSeen, ALPHA);
        residualMeanSquare += weight * (residual * residual - residualMeanSquare);
        probe.learn(activations, featureValue);
        baselineActivations.forEach((name, values) -> baselines.get(name).learn(values, featureValue));
    }

    /**
     * Learns from a person's verdict on a sample the probe disagreed on: {@code times} more passes over
     * the sample with {@code target} (the source's value when the probe was wrong, the probe's own
     * earlier reading when the source was wrong).
     */
    void applyReview(String verdict, float[] activations, double target, int times) {
        for (int i = 0; i < times; i++) {
            probe.learn(activations, target);
        }
        reviewsApplied.merge(verdict, 1L, Long::sum);
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

    ProbeSnapshot snapshot(ProbeStatus status) {
        Map<String, HeldOutFidelity> byMode = new TreeMap<>();
        heldOutByMode.forEach((mode, w) -> byMode.put(mode, fidelity(w.size(), w)));
        Map<String, HeldOutFidelity> baselineFidelity = new TreeMap<>();
        baselineHeldOut.forEach((name, w) -> baselineFidelity.put(name, fidelity(w.size(), w)));
        // Weights in input units for the linear regression probe only, as its snapshots always had them.
        MlpProbe linear = kindName().equals("linear") ? (MlpProbe) probe : null;
        GroundTruthFit truth = factor.isEmpty() ? null : new GroundTruthFit(factor, probeVsFactor.size(),
                sourceVsFactor.pearson(), probeVsFactor.pearson());
        return ProbeSnapshot.newBuilder()
                .setConcept(concept)
                .setSource(source)
                .setTarget(target)
                .setKind(kindName())
                .setStatus(status.wireName())
                .setVersion(probe.steps())
                .setSamplesSeen(samplesSeen)
                .setTrainedOn(probe.samplesLearned())
                .setReviewsApplied(new TreeMap<>(reviewsApplied))
                .setHeldOut(fidelity(heldOutSeen, heldOut))
                .setPrequential(prequential.size() == 0 ? null : fidelity(residualsSeen, prequential))
                .setHeldOutByMode(byMode)
                .setBaselines(baselineFidelity)
                .setControl(controlHeldOut.size() == 0 ? null : fidelity(controlHeldOut.size(), controlHeldOut))
                .setSelectivity(selectivity())
                .setLift(lift())
                .setGroundTruth(truth)
                .setWeights(Float32Tensors.vector(linear != null ? linear.weightsInInputUnits() : new float[0]))
                .setBias(linear != null ? linear.biasInInputUnits() : 0)
                .setUpdatedAt(Instant.now())
                .build();
    }

    private HeldOutFidelity fidelity(long seen, FidelityWindow w) {
        HeldOutFidelity fidelity = new HeldOutFidelity(seen, w.size(), w.pearson(), w.r2(), null, null);
        if (binarized()) {
            fidelity.setAuroc(w.auroc());
            fidelity.setCalibrationError(w.calibrationError());
        }
        return fidelity;
    }

    byte[] toBytes() {
        // Sized for the state as last saved: growing a buffer of hundreds of kilobytes by doubling costs more
        // than writing it.
        StateWriter out = new StateWriter("tracked probe", savedSize + 1024);
        out.writeByte(FORMAT);
        out.writeUtf(concept);
        writeModel(out, source);
        writeModel(out, target);
        out.writeUtf(loss.kind().name());
        out.writeDouble(loss.threshold());
        out.writeDouble(loss.falsePositiveCost());
        out.writeDouble(loss.falseNegativeCost());
        out.writeInt(window);
        out.writeUtf(factor);
        out.writeBlock(probe.toBytes());
        heldOut.write(out);
        prequential.write(out);
        writeWindows(out, heldOutByMode);
        out.writeInt(baselines.size());
        for (var entry : baselines.entrySet()) {
            out.writeUtf(entry.getKey());
            out.writeBlock(entry.getValue().toBytes());
            baselineHeldOut.get(entry.getKey()).write(out);
        }
        probeVsFactor.write(out);
        sourceVsFactor.write(out);
        out.writeBlock(control.toBytes());
        controlHeldOut.write(out);
        out.writeInt(controlPoolSize);
        out.writeInt(controlPoolNext);
        out.writeDoubles(controlPool, controlPoolSize);
        out.writeInt(reviewsApplied.size());
        for (var entry : reviewsApplied.entrySet()) {
            out.writeUtf(entry.getKey());
            out.writeLong(entry.getValue());
        }
        out.writeLong(samplesSeen);
        out.writeLong(heldOutSeen);
        out.writeLong(residualsSeen);
        out.writeDouble(residualMeanSquare);
        byte[] saved = out.toByteArray();
        savedSize = saved.length;
        return saved;
    }

    static TrackedProbe fromBytes(byte[] bytes) {
        return StateReader.read(bytes, "tracked probe", TrackedProbe::read);
    }

    private static TrackedProbe read(StateReader in) {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("probe state has format " + format + ", this trainer reads " + FORMAT);
        }
        String concept = in.readUtf();
        ModelRef source = readModel(in);
        ModelRef target = readModel(in);
        ProbeLoss loss = new ProbeLoss(ProbeLoss.Kind.valueOf(in.readUtf()), in.readDouble(), in.readDouble(),
                in.readDouble());
        int window = in.readInt();
        String factor = in.readUtf();
        Probe probe = Probe.fromBytes(in.readBlock());
        FidelityWindow heldOut = FidelityWindow.read(in);
        FidelityWindow prequential = FidelityWindow.read(in);
        Map<String, FidelityWindow> byMode = new TreeMap<>();
        readWindows(in, byMode);
        Map<String, Probe> baselines = new TreeMap<>();
        Map<String, FidelityWindow> baselineHeldOut = new TreeMap<>();
        int baselineCount = in.readCount("baseline count", in.remaining());
        for (int i = 0; i < baselineCount; i++) {
            String name = in.readUtf();
            baselines.put(name, Probe.fromBytes(in.readBlock()));
            baselineHeldOut.put(name, FidelityWindow.read(in));
        }
        FidelityWindow probeVsFactor = FidelityWindow.read(in);
        FidelityWindow sourceVsFactor = FidelityWindow.read(in);
        Probe control = Probe.fromBytes(in.readBlock());
        TrackedProbe tracked = new TrackedProbe(concept, source, target, loss, window, factor, probe, control);
        tracked.heldOut.copyFrom(heldOut);
        tracked.prequential.copyFrom(prequential);
        tracked.heldOutByMode.putAll(byMode);
        tracked.baselines.putAll(baselines);
        tracked.baselineHeldOut.putAll(baselineHeldOut);
        tracked.probeVsFactor.copyFrom(probeVsFactor);
        tracked.sourceVsFactor.copyFrom(sourceVsFactor);
        tracked.controlHeldOut.copyFrom(FidelityWindow.read(in));
        tracked.controlPoolSize = in.readCount("control pool size", CONTROL_POOL);
        tracked.controlPoolNext = in.readCount("control pool position", CONTROL_POOL - 1);
        in.readDoubles(tracked.controlPool, tracked.controlPoolSize);
        int reviewCount = in.readCount("review count", in.remaining());
        for (int i = 0; i < reviewCount; i++) {
            tracked.reviewsApplied.put(in.readUtf(), in.readLong());
        }
        tracked.samplesSeen = in.readLong();
        tracked.heldOutSeen = in.readLong();
        tracked.residualsSeen = in.readLong();
        tracked.residualMeanSquare = in.readDouble();
        return tracked;
    }

    private static void writeWindows(StateWriter out, Map<String, FidelityWindow> windows) {
        out.writeInt(windows.size());
        for (var entry : windows.entrySet()) {
            out.writeUtf(entry.getKey());
            entry.getValue().write(out);
        }
    }

    private static void readWindows(StateReader in, Map<String, FidelityWindow> into) {
        int count = in.readCount("window count", in.remaining());
        for (int i = 0; i < count; i++) {
            into.put(in.readUtf(), FidelityWindow.read(in));
        }
    }

    private static void writeModel(StateWriter out, ModelRef model) {
        out.writeUtf(model.getName());
        out.writeUtf(model.getVersion());
        out.writeUtf(model.getSha256());
        out.writeUtf(model.getLayer());
    }

    private static ModelRef readModel(StateReader in) {
        return new ModelRef(in.readUtf(), in.readUtf(), in.readUtf(), in.readUtf());
    }
}
