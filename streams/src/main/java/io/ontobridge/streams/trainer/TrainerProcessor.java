package io.ontobridge.streams.trainer;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ProbeSpec;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.ErrorType;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.platform.observe.CounterFamily;
import io.ontobridge.probe.ConceptProbe;
import io.ontobridge.probe.ProbeStatus;
import io.ontobridge.probe.ProbeUpdate;
import io.ontobridge.probe.learn.Probe;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * For each activated sample: predict with the probe as it is (that is the sample's score), then let
 * the probe learn from the sample unless it is held out, then store the probe. Snapshots go out
 * every {@code snapshot_every} samples and, for probes that changed, every few seconds.
 */
final class TrainerProcessor implements Processor<String, byte[], String, SpecificRecord> {
    private static final String SERVICE = "trainer";
    private static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(2);
    /** How often held activations are checked against the models topic's global store. */
    private static final Duration RELEASE_INTERVAL = Duration.ofSeconds(1);
    private static final CounterFamily SCORES = new CounterFamily("ontobridge.scores", "concept", "version");

    private final ConceptSpec spec;
    private final Deserializer<ActivatedSample> deserializer;
    private AnnouncedVersions announced;
    private HeldActivations held;
    /** Probes changed since their last snapshot; lost on restart, which only delays a snapshot. */
    private final Set<String> unsnapshotted = new HashSet<>();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, byte[]> flagged;
    private ProbeStore probes;
    private VersionComparisons comparisons;
    private DriftWatch drift;

    TrainerProcessor(ConceptSpec spec, Deserializer<ActivatedSample> deserializer) {
        this.spec = spec;
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.flagged = context.getStateStore(TrainerTopology.FLAGGED_STORE);
        this.probes = new ProbeStore(context.getStateStore(TrainerTopology.STORE), this::newProbe);
        this.comparisons = new VersionComparisons(probes, (key, probe, timestamp) ->
                announce(key, probe.snapshot(status(key, probe)), timestamp));
        this.drift = new DriftWatch(probes, spec);
        this.announced = new AnnouncedVersions(context.getStateStore(AnnouncedVersions.STORE), spec.target().name(),
                spec.target().version());
        this.held = new HeldActivations(context.getStateStore(HeldActivations.STORE));
        context.schedule(SNAPSHOT_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> snapshotChanged());
        context.schedule(RELEASE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::releaseHeld);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        handle(record, new HeldActivations.Origin(metadata.topic(), metadata.partition(), metadata.offset()), false);
    }

    /**
     * Learns from one activated sample, or dead-letters it; {@code released}: it was held for its version's
     * announcement, which has arrived.
     */
    private void handle(Record<String, byte[]> record, HeldActivations.Origin origin, boolean released) {
        ActivatedSample sample;
        try {
            sample = deserializer.deserialize(origin.topic(), record.value());
            if (sample == null) {
                throw new IllegalArgumentException("empty record value");
            }
        } catch (RuntimeException e) {
            deadLetter(record, origin, ErrorType.UNDECODABLE, "cannot decode an activated sample: " + DeadLetters.describe(e), null);
            return;
        }
        if (!sample.getConcept().equals(spec.concept())) {
            return; // another concept's trainer owns it
        }
        // Each announced version of the concept's target model gets its own probe (keyed by the version): new
        // checkpoints of the target are what the concept is followed across. Another model is not this concept's.
        if (!sample.getTarget().getName().equals(spec.target().name())) {
            deadLetter(record, origin, ErrorType.UNKNOWN_MODEL, "the activations come from target model " + sample.getTarget().getName()
                    + " version " + sample.getTarget().getVersion() + ", but concept '" + spec.concept()
                    + "' is mapped onto " + spec.target().name(), sample.getSampleId());
            return;
        }
        String version = sample.getTarget().getVersion();
        if (!announced.knows(version) || (!released && held.holds(version))) {
            // Not announced yet (as far as the global store has read): held until it is, in arrival order.
            held.hold(version, new HeldActivations.Held(record.key(), record.value(), record.timestamp(), origin,
                    sample.getSampleId(), context.currentSystemTimeMs()));
            return;
        }
        float[] activations;
        try {
            activations = Float32Tensors.values(sample.getActivations());
        } catch (IllegalArgumentException e) {
            deadLetter(record, origin, ErrorType.BAD_ACTIVATIONS, e.getMessage(), sample.getSampleId());
            return;
        }
        Map<String, float[]> baselines = new TreeMap<>();
        try {
            sample.getBaselines().forEach((name, tensor) -> baselines.put(name, Float32Tensors.values(tensor)));
        } catch (IllegalArgumentException e) {
            deadLetter(record, origin, ErrorType.BAD_ACTIVATIONS, "baseline read-out: " + e.getMessage(), sample.getSampleId());
            return;
        }
        if (!allFinite(activations) || !baselines.values().stream().allMatch(TrainerProcessor::allFinite)) {
            deadLetter(record, origin, ErrorType.BAD_ACTIVATIONS, "activations hold NaN or infinite values", sample.getSampleId());
            return;
        }
        double featureValue = sample.getFeatureValue();
        if (!Double.isFinite(featureValue)) {
            deadLetter(record, origin, ErrorType.BAD_FEATURE_VALUE, "the source feature value is " + featureValue, sample.getSampleId());
            return;
        }

        String key = ProbeKeys.of(sample.getConcept(), sample.getTarget());
        ProbeSpec probeSpec = spec.probe();
        TrackedProbe tracked = probes.load(key);
        if (tracked == null) {
            TrackedProbe previous = spec.follow().warmStart() ? latestProbe(sample) : null;
            tracked = previous != null && previous.probe().dimension() == activations.length
                    ? TrackedProbe.warmStartedFrom(previous, sample.getSource(), sample.getTarget(), this::newProbe)
                    : TrackedProbe.create(sample.getConcept(), sample.getSource(), sample.getTarget(), activations.length,
                    this::newProbe, ProbeFactory.loss(probeSpec), probeSpec.heldoutWindow(), spec.feature().factor());
        }
        ConceptProbe probe = tracked.probe();
        if (activations.length != probe.dimension()) {
            deadLetter(record, origin, ErrorType.DIMENSION_MISMATCH, "activations have " + activations.length
                    + " values but the probe for " + key + " takes " + probe.dimension(), sample.getSampleId());
            return;
        }
        for (var baseline : baselines.entrySet()) {
            int expected = probe.baselineDimension(baseline.getKey());
            if (expected >= 0 && expected != baseline.getValue().length) {
                deadLetter(record, origin, ErrorType.DIMENSION_MISMATCH, "baseline '" + baseline.getKey() + "' has "
                        + baseline.getValue().length + " values but its probe takes " + expected, sample.getSampleId());
                return;
            }
        }

        // Prediction before learning: the score is what the probe said before it saw this sample.
        double prediction = probe.predict(activations);
        boolean heldOut = HeldOut.isHeldOut(sample.getInput(), probeSpec.heldoutPercent());
        ProbeStatus figures = figures(tracked);
        ProbeStatus status = drift.status(key, tracked, figures);
        Score score = Score.newBuilder()
                .setSampleId(sample.getSampleId())
                .setConcept(sample.getConcept())
                .setSource(sample.getSource())
                .setTarget(sample.getTarget())
                .setInput(sample.getInput())
                .setFeatureValue(featureValue)
                .setGeneratorMode(sample.getGeneratorMode())
                .setFactors(sample.getFactors())
                .setSourceConcepts(sample.getSourceConcepts())
                .setPrediction(prediction)
                .setActivations(sample.getActivations())
                .setHeldOut(heldOut)
                .setProbeVersion(probe.version())
                .setProbeTrainedOn(probe.trainedOn())
                .setResidualScale(probe.residualScale())
                .setProbeStatus(status.wireName())
                .setResidualThreshold(probe.residualThreshold(spec.monitor().residualQuantile(), probeSpec.minHeldout(),
                        spec.monitor().robust()))
                .setCreatedAt(sample.getCreatedAt())
                .setScoredAt(Instant.now())
                .build();
        context.forward(record.withKey(key).withValue((SpecificRecord) score), TrainerTopology.SCORES_SINK);
        SCORES.with(sample.getConcept(), sample.getTarget().getVersion()).increment();
        comparisons.scored(sample, tracked, prediction, record.timestamp());

        // A learned sample the probe disagrees on is kept, so a person's verdict on it can be learned from.
        if (!heldOut && score.getResidualThreshold() > 0
                && drift.rule().beyond(prediction, featureValue, score.getResidualThreshold())) {
            flagged.put(ReviewLearner.flaggedKey(key, sample.getSampleId()), new ReviewLearner.Flagged(activations, featureValue, prediction).toBytes());
        }
        // Ground truth counts world samples only: a steered story's factors are what a parser reads in it.
        Double factorValue = probe.factor() == null || !"world".equals(sample.getGeneratorMode()) ? null
                : sample.getFactors().get(probe.factor());
        ProbeUpdate update = new ProbeUpdate(activations, baselines, featureValue, prediction, heldOut,
                sample.getGeneratorMode(), factorValue, tracked.controlTarget(sample.getSampleId()));
        probe.update(update, this::newProbe);
        probes.learned(key, tracked, update);
        // A rise in the share the monitor flags is announced at once, not with the next snapshot.
        boolean rose = drift.observe(key, score, tracked, figures);
        if (rose || probe.samplesSeen() % probeSpec.snapshotEvery() == 0) {
            snapshot(key, tracked, record.timestamp(), rose);
        } else {
            unsnapshotted.add(key);
        }
    }

    /** The probe of the target version that began last, before {@code sample}'s (for a warm start), or null. */
    private TrackedProbe latestProbe(ActivatedSample sample) {
        List<String> versions = probes.versions(ProbeKeys.partition(sample.getConcept(), sample.getTarget().getName()));
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (!versions.get(i).equals(sample.getTarget().getVersion())) {
                return probes.load(ProbeKeys.of(sample.getConcept(), sample.getTarget().getName(), versions.get(i)));
            }
        }
        return null;
    }

    /** The status the probe reads: its figures', or concept-drift while a rise in its flagged share holds. */
    private ProbeStatus status(String key, TrackedProbe probe) {
        return drift.status(key, probe, figures(probe));
    }

    /** The status the probe's held-out figures give. */
    private ProbeStatus figures(TrackedProbe probe) {
        ProbeSpec probeSpec = spec.probe();
        return probe.probe().status(probeSpec.minHeldout(), probeSpec.mappedMinPearson(), probeSpec.mappedMinAuroc(),
                probeSpec.mappedMinSelectivity(), probeSpec.liftMargin());
    }

    private Probe newProbe(int dimension) {
        return ProbeFactory.fromSpec(spec.probe(), dimension);
    }

    private void snapshotChanged() {
        for (String key : unsnapshotted.toArray(String[]::new)) {
            TrackedProbe probe = probes.load(key);
            if (probe != null) {
                snapshot(key, probe, context.currentSystemTimeMs(), false);
            }
        }
    }

    /** {@code rose}: the flagged share has just risen, which is announced even when the probe already drifts. */
    private void snapshot(String key, TrackedProbe probe, long timestamp, boolean rose) {
        ProbeSnapshot snapshot = probe.snapshot(status(key, probe));
        context.forward(new Record<>(key, (SpecificRecord) snapshot, timestamp), TrainerTopology.PROBES_SINK);
        ProbeMeters.update(key, snapshot, drift.rate(key));
        unsnapshotted.remove(key);
        // A record on the concept-status topic when the probe's status differs from the one last announced.
        if (rose || !snapshot.getStatus().equals(probes.announcedStatus(key))) {
            announce(key, snapshot, timestamp);
        }
    }

    /** A record on the concept-status topic: the probe's status, and its comparison with the previous version. */
    private void announce(String key, ProbeSnapshot snapshot, long timestamp) {
        String previous = probes.announcedStatus(key);
        io.ontobridge.schema.VersionComparison comparison = comparison(key, snapshot);
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
                .setComparison(comparison)
                .setChangedAt(Instant.ofEpochMilli(timestamp))
                .setDrift(ProbeStatus.CONCEPT_DRIFT.wireName().equals(snapshot.getStatus()) ? drift.detection(key) : null)
                .build();
        context.forward(new Record<>(key, (SpecificRecord) status, timestamp), TrainerTopology.STATUS_SINK);
        probes.announced(key, snapshot.getStatus());
    }

    /** The comparison of {@code key}'s probe with the previous version's, once they have scored enough together. */
    private io.ontobridge.schema.VersionComparison comparison(String key, ProbeSnapshot snapshot) {
        VersionComparison comparison = comparisons.ready(key);
        if (comparison == null) {
            return null;
        }
        TrackedProbe before = probes.load(ProbeKeys.of(snapshot.getConcept(), snapshot.getTarget().getName(),
                comparison.fromVersion()));
        if (before == null) {
            return null;
        }
        ProbeSnapshot old = before.snapshot(status(ProbeKeys.of(snapshot.getConcept(), snapshot.getTarget().getName(),
                comparison.fromVersion()), before));
        return io.ontobridge.schema.VersionComparison.newBuilder()
                .setFromVersion(comparison.fromVersion())
                .setFromStatus(old.getStatus())
                .setFidelityBefore(old.getHeldOut().getPearson())
                .setFidelityAfter(snapshot.getHeldOut().getPearson())
                .setSamples(comparison.samples())
                .setProbeDisagreementShare(comparison.disagreementShare())
                .setPredictionPearson(comparison.predictionPearson())
                .build();
    }

    /**
     * Activations held for a version that has now been announced are learned from, in order; those of a version
     * still unknown after {@link HeldActivations#LIMIT} become dead letters.
     */
    private void releaseHeld(long now) {
        held.versions().forEach((version, heldSince) -> {
            if (announced.knows(version)) {
                held.take(version).forEach(h -> handle(new Record<>(h.key(), h.value(), h.timestamp()), h.origin(), true));
            } else if (now - heldSince >= HeldActivations.LIMIT.toMillis()) {
                held.take(version).forEach(h -> deadLetter(new Record<>(h.key(), h.value(), h.timestamp()), h.origin(),
                        ErrorType.UNKNOWN_MODEL, "version " + version + " of target model " + spec.target().name()
                                + " is neither the concept spec's (" + spec.target().version()
                                + ") nor announced on the models topic (waited " + HeldActivations.LIMIT.toSeconds()
                                + " s)", h.sampleId()));
            }
        });
    }

    private void deadLetter(Record<String, byte[]> record, HeldActivations.Origin origin, ErrorType errorType,
                            String reason, String sampleId) {
        byte[] key = record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var letter = DeadLetters.of(SERVICE, errorType, reason, origin.topic(), origin.partition(), origin.offset(),
                key, record.value(), sampleId);
        context.forward(new Record<>(record.key(), (SpecificRecord) letter, record.timestamp()), TrainerTopology.DLQ_SINK);
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
