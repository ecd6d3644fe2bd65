package io.ontobridge.streams.trainer;

import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import io.ontobridge.schema.Review;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.IntFunction;

/**
 * Takes people's verdicts into the probe. The trainer keeps each learned sample the probe disagreed
 * with (its activations, the source's value and the probe's reading) in the "flagged" store; when a
 * review of one arrives (reviews are keyed like the activations, by concept and target model, so the same task owns the probe):
 * <ul>
 *   <li>PROBE_WRONG: the source was right; the probe learns the sample {@value #REPEATS} more times;</li>
 *   <li>SOURCE_WRONG: the source misread the input; the probe learns its own earlier reading as the
 *       target {@value #REPEATS} times, undoing the pull of the wrong value;</li>
 *   <li>AMBIGUOUS: nothing to learn.</li>
 * </ul>
 * A sample's first verdict is applied once; later ones find no flagged sample and are ignored.
 */
final class ReviewLearner implements Processor<String, byte[], String, SpecificRecord> {
    private static final Logger log = LoggerFactory.getLogger(ReviewLearner.class);
    static final int REPEATS = 3;

    private final Deserializer<Review> deserializer;
    private final IntFunction<Probe> newProbe;
    private ProbeStore probes;
    private KeyValueStore<String, byte[]> flagged;

    /** @param newProbe makes baseline probes as the trainer does (for replaying a probe's logged updates) */
    ReviewLearner(Deserializer<Review> deserializer, IntFunction<Probe> newProbe) {
        this.deserializer = deserializer;
        this.newProbe = newProbe;
    }

    /** Where a flagged sample is kept: under its probe, since each target version's probe flags its own. */
    static String flaggedKey(String probeKey, String sampleId) {
        return probeKey + "|" + sampleId;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        probes = new ProbeStore(context.getStateStore(TrainerTopology.STORE), newProbe);
        flagged = context.getStateStore(TrainerTopology.FLAGGED_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Review review;
        try {
            review = deserializer.deserialize("reviews", record.value());
        } catch (RuntimeException e) {
            log.warn("skipped an undecodable review: {}", e.getMessage());
            return;
        }
        if (review == null || record.key() == null) {
            return;
        }
        String key = ProbeKeys.of(review.getConcept(), review.getTarget());
        String flaggedKey = flaggedKey(key, review.getSampleId());
        byte[] sample = flagged.get(flaggedKey);
        TrackedProbe probe = sample == null ? null : probes.load(key);
        if (probe == null) {
            return; // not a sample this trainer learned and disagreed on, or already reviewed
        }
        Flagged f = Flagged.fromBytes(sample);
        switch (review.getVerdict()) {
            case PROBE_WRONG -> probe.probe().applyReview(review.getVerdict().name(), f.activations(), f.featureValue(), REPEATS);
            case SOURCE_WRONG -> probe.probe().applyReview(review.getVerdict().name(), f.activations(), f.prediction(), REPEATS);
            default -> probe.probe().applyReview(review.getVerdict().name(), f.activations(), f.featureValue(), 0);
        }
        probes.checkpoint(key, probe);
        flagged.delete(flaggedKey);
    }

    /** A learned sample the probe disagreed on: the two values, then the activations (length and floats). */
    record Flagged(float[] activations, double featureValue, double prediction) {
        byte[] toBytes() {
            return new StateWriter("flagged sample", 24 + activations.length * Float.BYTES)
                    .writeDouble(featureValue)
                    .writeDouble(prediction)
                    .writeInt(activations.length)
                    .writeFloats(activations)
                    .toByteArray();
        }

        static Flagged fromBytes(byte[] bytes) {
            return StateReader.read(bytes, "flagged sample", in -> {
                double feature = in.readDouble();
                double prediction = in.readDouble();
                float[] activations = in.readFloats(in.readInt());
                return new Flagged(activations, feature, prediction);
            });
        }
    }
}
