package io.ontobridge.streams.trainer;

import io.ontobridge.core.concept.ConceptSpec;
import io.ontobridge.core.concept.ProbeSpec;
import io.ontobridge.core.kafka.DeadLetters;
import io.ontobridge.core.kafka.ProbeKeys;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.ConceptStatus;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.ProbeSnapshot;
import io.ontobridge.schema.Score;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * For each activated sample: predict with the probe as it is (that is the sample's score), then let
 * the probe learn from the sample unless it is held out, then store the probe. Snapshots go out
 * every {@code snapshot_every} samples and, for probes that changed, every few seconds.
 */
final class TrainerProcessor implements Processor<String, byte[], String, SpecificRecord> {
    private static final String SERVICE = "trainer";
    private static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(2);

    private final ConceptSpec spec;
    private final Deserializer<ActivatedSample> deserializer;
    /** Probes changed since their last snapshot; lost on restart, which only delays a snapshot. */
    private final Set<String> unsnapshotted = new HashSet<>();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, byte[]> flagged;
    private ProbeStore probes;

    TrainerProcessor(ConceptSpec spec, Deserializer<ActivatedSample> deserializer) {
        this.spec = spec;
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.flagged = context.getStateStore(TrainerTopology.FLAGGED_STORE);
        this.probes = new ProbeStore(context.getStateStore(TrainerTopology.STORE), this::newProbe);
        context.schedule(SNAPSHOT_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> snapshotChanged());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ActivatedSample sample;
        try {
            sample = deserializer.deserialize(topic(), record.value());
            if (sample == null) {
                throw new IllegalArgumentException("empty record value");
            }
        } catch (RuntimeException e) {
            deadLetter(record, "undecodable", "cannot decode an activated sample: " + DeadLetters.describe(e), null);
            return;
        }
        if (!sample.getConcept().equals(spec.concept())) {
            return; // another concept's trainer owns it
        }
        // Any version of the concept's target model gets its own probe (keyed by the version): new checkpoints
        // of the target are what the concept is followed across. Another model is not this concept's.
        if (!sample.getTarget().getName().equals(spec.target().name())) {
            deadLetter(record, "unknown-model", "the activations come from target model " + sample.getTarget().getName()
                    + " version " + sample.getTarget().getVersion() + ", but concept '" + spec.concept()
                    + "' is mapped onto " + spec.target().name(), sample.getSampleId());
            return;
        }
        float[] activations;
        try {
            activations = Float32Tensors.values(sample.getActivations());
        } catch (IllegalArgumentException e) {
            deadLetter(record, "bad-activations", e.getMessage(), sample.getSampleId());
            return;
        }
        Map<String, float[]> baselines = new TreeMap<>();
        try {
            sample.getBaselines().forEach((name, tensor) -> baselines.put(name, Float32Tensors.values(tensor)));
        } catch (IllegalArgumentException e) {
            deadLetter(record, "bad-activations", "baseline read-out: " + e.getMessage(), sample.getSampleId());
            return;
        }
        if (!allFinite(activations) || !baselines.values().stream().allMatch(TrainerProcessor::allFinite)) {
            deadLetter(record, "bad-activations", "activations hold NaN or infinite values", sample.getSampleId());
            return;
        }
        double featureValue = sample.getFeatureValue();
        if (!Double.isFinite(featureValue)) {
            deadLetter(record, "bad-feature-value", "the source feature value is " + featureValue, sample.getSampleId());
            return;
        }

        String key = ProbeKeys.of(sample.getConcept(), sample.getTarget());
        ProbeSpec probeSpec = spec.probe();
        TrackedProbe probe = probes.load(key);
        if (probe == null) {
            probe = TrackedProbe.create(sample.getConcept(), sample.getSource(), sample.getTarget(), activations.length,
                    this::newProbe, Probes.loss(probeSpec), probeSpec.heldoutWindow(), spec.feature().factor());
        }
        if (activations.length != probe.dimension()) {
            deadLetter(record, "dimension-mismatch", "activations have " + activations.length
                    + " values but the probe for " + key + " takes " + probe.dimension(), sample.getSampleId());
            return;
        }
        for (var baseline : baselines.entrySet()) {
            int expected = probe.baselineDimension(baseline.getKey());
            if (expected >= 0 && expected != baseline.getValue().length) {
                deadLetter(record, "dimension-mismatch", "baseline '" + baseline.getKey() + "' has "
                        + baseline.getValue().length + " values but its probe takes " + expected, sample.getSampleId());
                return;
            }
        }

        // Prediction before learning: the score is what the probe said before it saw this sample.
        double prediction = probe.predict(activations);
        boolean heldOut = HeldOut.isHeldOut(sample.getSampleId(), probeSpec.heldoutPercent());
        String status = status(probe);
        Score score = Score.newBuilder()
                .setSampleId(sample.getSampleId())
                .setConcept(sample.getConcept())
                .setSource(sample.getSource())
                .setTarget(sample.getTarget())
                .setInput(sample.getInput())
                .setFeatureValue(featureValue)
                .setGeneratorMode(sample.getGeneratorMode())
                .setFactors(sample.getFactors())
                .setPrediction(prediction)
                .setActivations(sample.getActivations())
                .setHeldOut(heldOut)
                .setProbeVersion(probe.version())
                .setProbeTrainedOn(probe.trainedOn())
                .setResidualScale(probe.residualScale())
                .setProbeStatus(status)
                .setResidualThreshold(probe.residualThreshold(spec.monitor().residualQuantile(), probeSpec.minHeldout()))
                .setCreatedAt(sample.getCreatedAt())
                .setScoredAt(Instant.now())
                .build();
        context.forward(record.withValue((SpecificRecord) score), TrainerTopology.SCORES_SINK);

        // A learned sample the probe disagrees on is kept, so a person's verdict on it can be learned from.
        if (!heldOut && score.getResidualThreshold() > 0 && disagrees(score)) {
            flagged.put(sample.getSampleId(), new ReviewLearner.Flagged(activations, featureValue, prediction).toBytes());
        }
        Double factorValue = probe.factor() == null ? null : sample.getFactors().get(probe.factor());
        ProbeUpdate update = new ProbeUpdate(activations, baselines, featureValue, prediction, heldOut,
                sample.getGeneratorMode(), factorValue, probe.controlTarget(sample.getSampleId()));
        update.applyTo(probe, this::newProbe);
        probes.learned(key, probe, update);
        if (probe.samplesSeen() % probeSpec.snapshotEvery() == 0) {
            snapshot(key, probe, record.timestamp());
        } else {
            unsnapshotted.add(key);
        }
    }

    /** The monitor's rule: beyond the calibrated threshold, or for a binarized concept on the other side of it. */
    private boolean disagrees(Score score) {
        if (spec.probe().binarized()) {
            return (score.getPrediction() >= score.getResidualThreshold())
                    != (score.getFeatureValue() >= spec.probe().threshold());
        }
        return Math.abs(score.getPrediction() - score.getFeatureValue()) > score.getResidualThreshold();
    }

    private String status(TrackedProbe probe) {
        ProbeSpec probeSpec = spec.probe();
        return probe.status(probeSpec.minHeldout(), probeSpec.mappedMinPearson(), probeSpec.mappedMinAuroc(),
                probeSpec.mappedMinSelectivity(), probeSpec.liftMargin());
    }

    private Probe newProbe(int dimension) {
        return Probes.fromSpec(spec.probe(), dimension);
    }

    private void snapshotChanged() {
        for (String key : unsnapshotted.toArray(String[]::new)) {
            TrackedProbe probe = probes.load(key);
            if (probe != null) {
                snapshot(key, probe, context.currentSystemTimeMs());
            }
        }
    }

    private void snapshot(String key, TrackedProbe probe, long timestamp) {
        ProbeSnapshot snapshot = probe.snapshot(status(probe));
        context.forward(new Record<>(key, (SpecificRecord) snapshot, timestamp), TrainerTopology.PROBES_SINK);
        unsnapshotted.remove(key);
        announceIfChanged(key, snapshot, timestamp);
    }

    /** A record on the concept-status topic when the probe's status differs from the one last announced. */
    private void announceIfChanged(String key, ProbeSnapshot snapshot, long timestamp) {
        String previous = probes.announcedStatus(key);
        if (snapshot.getStatus().equals(previous)) {
            return;
        }
        ConceptStatus status = ConceptStatus.newBuilder()
                .setConcept(snapshot.getConcept())
                .setSource(snapshot.getSource())
                .setTarget(snapshot.getTarget())
                .setStatus(snapshot.getStatus())
                .setPreviousStatus(previous)
                .setProbeVersion(snapshot.getVersion())
                .setSamplesSeen(snapshot.getSamplesSeen())
                .setHeldOutN(snapshot.getHeldOut().getN())
                .setHeldOutPearson(snapshot.getHeldOut().getPearson())
                .setHeldOutR2(snapshot.getHeldOut().getR2())
                .setSelectivity(snapshot.getSelectivity())
                .setLift(snapshot.getLift())
                .setChangedAt(Instant.ofEpochMilli(timestamp))
                .build();
        context.forward(new Record<>(key, (SpecificRecord) status, timestamp), TrainerTopology.STATUS_SINK);
        probes.announced(key, snapshot.getStatus());
    }

    private void deadLetter(Record<String, byte[]> record, String errorType, String reason, String sampleId) {
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        byte[] key = record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var letter = DeadLetters.of(SERVICE, errorType, reason, origin.topic(), origin.partition(), origin.offset(),
                key, record.value(), sampleId);
        context.forward(new Record<>(record.key(), (SpecificRecord) letter, record.timestamp()), TrainerTopology.DLQ_SINK);
    }

    private String topic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse("");
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
