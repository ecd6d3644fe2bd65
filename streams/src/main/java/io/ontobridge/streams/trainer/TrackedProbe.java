package io.ontobridge.streams.trainer;

import io.ontobridge.probe.CodeLengths;
import io.ontobridge.probe.ConceptProbe;
import io.ontobridge.probe.FidelityReport;
import io.ontobridge.probe.ProbeStatus;
import io.ontobridge.probe.learn.MlpProbe;
import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.learn.ProbeLoss;
import io.ontobridge.probe.learn.ProbeParameters;
import io.ontobridge.probe.metrics.Bootstrap;
import io.ontobridge.probe.metrics.FidelityWindow;
import io.ontobridge.probe.metrics.PrequentialCode;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import io.ontobridge.schema.CodeLength;
import io.ontobridge.schema.ConfidenceInterval;
import io.ontobridge.schema.DenseLayer;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.GroundTruthFit;
import io.ontobridge.schema.HeldOutFidelity;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.ProbeNetwork;
import io.ontobridge.schema.ProbeSnapshot;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * A concept probe ({@link ConceptProbe}: the probe, its control task, its baselines, its fidelity and status) with
 * the models it maps between, as the trainer keeps it: the control task's draw by Kafka's murmur2 hash of the
 * sample id, the {@link ProbeSnapshot} it publishes, and its whole state in {@link #toBytes()}, which is what the
 * trainer's state store (and so its changelog) holds.
 */
final class TrackedProbe {
    private static final byte FORMAT = 7;
    /** The format before the difference of means and the code lengths were kept: still read. */
    private static final byte FORMAT_BEFORE_CODE_LENGTHS = 6;

    private final String concept;
    private final ModelRef source;
    private final ModelRef target;
    private final ConceptProbe probe;
    /** The most parameters a snapshot carries: 800 KB of them, so that it stays under Kafka's 1 MB a record. */
    static final int SNAPSHOT_MAX_PARAMETERS = 200_000;
    private static final Logger log = LoggerFactory.getLogger(TrackedProbe.class);
    /** Whether the log said that this probe is too large for its snapshots to carry its parameters (not state). */
    private boolean toldTooLarge;
    /** The size of the state when last saved (not part of it). */
    private int savedSize = 4096;

    private TrackedProbe(String concept, ModelRef source, ModelRef target, ConceptProbe probe) {
        this.concept = concept;
        this.source = source;
        this.target = target;
        this.probe = probe;
    }

    /**
     * @param newProbe makes a fresh probe for a read-out of the given dimension (the probe, its control and
     *                 each baseline are made the same way)
     * @param factor   the ground-truth factor the concept tracks, or null
     */
    static TrackedProbe create(String concept, ModelRef source, ModelRef target, int dimension,
                               IntFunction<Probe> newProbe, ProbeLoss loss, int window, String factor) {
        return new TrackedProbe(concept, source, target, ConceptProbe.create(dimension, newProbe, loss, window, factor));
    }

    /**
     * A probe for a new target version that starts from {@code previous}'s: a copy of its weights, optimizer
     * state and input standardization, with a fresh control probe, no baselines yet, and fidelity windows and
     * counts of its own. Only for read-outs of the same size.
     */
    static TrackedProbe warmStartedFrom(TrackedProbe previous, ModelRef source, ModelRef target,
                                        IntFunction<Probe> newProbe) {
        return new TrackedProbe(previous.concept, source, target, previous.probe.warmStarted(newProbe));
    }

    /** The concept probe: predict, update, status and figures. */
    ConceptProbe probe() {
        return probe;
    }

    /**
     * The control task's target for a sample: the feature value of an earlier sample, picked by the murmur2 hash
     * of this sample's id (Kafka's partitioner hash, as for the held-out rule). The values keep their distribution
     * but lose any link to the activations, so a probe that fits them is fitting noise. Null until enough values
     * are pooled.
     */
    Double controlTarget(String sampleId) {
        return probe.controlTarget(Utils.murmur2(sampleId.getBytes(StandardCharsets.UTF_8)));
    }

    ProbeSnapshot snapshot(ProbeStatus status) {
        FidelityReport report = probe.fidelity();
        Map<String, HeldOutFidelity> byMode = new TreeMap<>();
        report.heldOutByMode().forEach((mode, w) -> byMode.put(mode, fidelity(w.size(), w, false)));
        Map<String, HeldOutFidelity> baselineFidelity = new TreeMap<>();
        probe.baselines().heldOutWindows().forEach((name, w) -> baselineFidelity.put(name, fidelity(w.size(), w, true)));
        // Weights in input units for the linear regression probe only, as its snapshots always had them.
        MlpProbe linear = probe.kind().equals("linear") ? (MlpProbe) probe.probe() : null;
        String factor = probe.factor();
        GroundTruthFit truth = factor == null ? null : new GroundTruthFit(factor, report.probeVsFactor().size(),
                report.sourceVsFactor().pearson(), report.probeVsFactor().pearson());
        FidelityWindow control = probe.control().heldOutWindow();
        FidelityWindow diffMeans = probe.diffMeans().heldOutWindow();
        return ProbeSnapshot.newBuilder()
                .setConcept(concept)
                .setSource(source)
                .setTarget(target)
                .setKind(probe.kind())
                .setStatus(status.wireName())
                .setVersion(probe.version())
                .setSamplesSeen(probe.samplesSeen())
                .setTrainedOn(probe.trainedOn())
                .setReviewsApplied(new TreeMap<>(probe.reviewsApplied()))
                .setHeldOut(fidelity(report.heldOutSeen(), report.heldOut(), true))
                .setPrequential(report.prequential().size() == 0 ? null
                        : fidelity(report.residualsSeen(), report.prequential(), false))
                .setHeldOutByMode(byMode)
                .setBaselines(baselineFidelity)
                .setControl(control.size() == 0 ? null : fidelity(control.size(), control, true))
                .setSelectivity(probe.selectivity())
                .setLift(probe.lift())
                .setDiffMeans(diffMeans.size() == 0 ? null : fidelity(diffMeans.size(), diffMeans, true))
                .setCodeLengths(codeLengths(probe.codeLengths()))
                .setGroundTruth(truth)
                .setWeights(Float32Tensors.vector(linear != null ? linear.weightsInInputUnits() : new float[0]))
                .setBias(linear != null ? linear.biasInInputUnits() : 0)
                .setNetwork(network())
                .setUpdatedAt(Instant.now())
                .build();
    }

    /** The probe's parameters for the snapshot, or null (logged once) when they would make it too large. */
    private ProbeNetwork network() {
        if (!(probe.probe() instanceof MlpProbe mlp)) {
            return null;
        }
        ProbeParameters parameters = mlp.parameters();
        if (parameters.count() > SNAPSHOT_MAX_PARAMETERS) {
            if (!toldTooLarge) {
                toldTooLarge = true;
                log.info("{} on {}: the probe's {} parameters are over the {} a snapshot carries; its snapshots carry "
                                + "its figures without its parameters", concept, target.getName(), parameters.count(),
                        SNAPSHOT_MAX_PARAMETERS);
            }
            return null;
        }
        List<DenseLayer> layers = parameters.layers().stream().map(l -> new DenseLayer(
                Float32Tensors.matrix(l.weights(), l.fanIn(), l.fanOut()), Float32Tensors.vector(l.bias()))).toList();
        return new ProbeNetwork(Float32Tensors.vector(parameters.inputMean()),
                Float32Tensors.vector(parameters.inputInvStd()), parameters.inputClip(), layers,
                parameters.outputMean(), parameters.outputScale(), parameters.sigmoid() ? "sigmoid" : "identity");
    }

    /**
     * A window's figures; with {@code bootstrap}, their bootstrap intervals too (a thousand passes over the window:
     * for the windows a reader compares, not for those by mode, and only here, when a snapshot is made).
     */
    private HeldOutFidelity fidelity(long seen, FidelityWindow w, boolean bootstrap) {
        HeldOutFidelity fidelity = HeldOutFidelity.newBuilder().setSeen(seen).setN(w.size()).setPearson(w.pearson())
                .setR2(w.r2()).build();
        if (probe.binarized()) {
            fidelity.setAuroc(w.auroc());
            fidelity.setCalibrationError(w.calibrationError());
        }
        if (bootstrap) {
            Bootstrap.Intervals intervals = w.bootstrap(probe.binarized());
            fidelity.setPearsonBootstrap95(interval(intervals.pearson()));
            fidelity.setR2Bootstrap95(interval(intervals.r2()));
            fidelity.setAurocBootstrap95(interval(intervals.auroc()));
        }
        return fidelity;
    }

    private static ConfidenceInterval interval(Bootstrap.Interval interval) {
        return interval == null ? null : new ConfidenceInterval(interval.low(), interval.high());
    }

    /** The code lengths at the feature's precision; null until a sample was coded. */
    private static io.ontobridge.schema.CodeLengths codeLengths(CodeLengths codes) {
        double precision = codes.precision();
        if (codes.probe().n() == 0 || !(precision > 0)) {
            return null;
        }
        Map<String, CodeLength> baselines = new TreeMap<>();
        codes.baselines().forEach((name, code) -> baselines.put(name, codeLength(code, precision)));
        return io.ontobridge.schema.CodeLengths.newBuilder()
                .setCode(codes.binary() ? "cross-entropy" : "gaussian")
                .setPrecision(precision)
                .setProbe(codeLength(codes.probe(), precision))
                .setControl(codeLength(codes.control(), precision))
                .setDiffMeans(codeLength(codes.diffMeans(), precision))
                .setBaselines(baselines)
                .build();
    }

    private static CodeLength codeLength(PrequentialCode code, double precision) {
        return new CodeLength(code.n(), code.bits(precision), code.marginalBits(precision));
    }

    /**
     * Format 7: the format byte, the concept, the source and target models, then the concept probe's state (which
     * has, since format 7, the difference of means and the code lengths at its end).
     */
    byte[] toBytes() {
        // Sized for the state as last saved: growing a buffer of hundreds of kilobytes by doubling costs more
        // than writing it.
        StateWriter out = new StateWriter("tracked probe", savedSize + 1024);
        out.writeByte(FORMAT);
        out.writeUtf(concept);
        writeModel(out, source);
        writeModel(out, target);
        probe.write(out);
        byte[] saved = out.toByteArray();
        savedSize = saved.length;
        return saved;
    }

    static TrackedProbe fromBytes(byte[] bytes) {
        return StateReader.read(bytes, "tracked probe", in -> {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_BEFORE_CODE_LENGTHS) {
                throw new IllegalArgumentException("probe state has format " + format + ", this trainer reads "
                        + FORMAT_BEFORE_CODE_LENGTHS + " and " + FORMAT);
            }
            return new TrackedProbe(in.readUtf(), readModel(in), readModel(in),
                    ConceptProbe.read(in, format == FORMAT));
        });
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
