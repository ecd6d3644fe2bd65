package io.ontobridge.streams.monitor;

import io.ontobridge.core.concept.ConceptSpec;
import io.ontobridge.core.concept.MonitorSpec;
import io.ontobridge.core.kafka.AvroSerdes;
import io.ontobridge.core.kafka.DeadLetters;
import io.ontobridge.core.kafka.Topics;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.Score;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * The monitor, read top to bottom:
 * <pre>
 * scores (bytes) -> decode (bad -> dlq) -> this concept, probe mapped and trained enough,
 *                -> |residual| > calibrated threshold -> disagreements (key: sample id)
 * </pre>
 * The threshold is the spec's quantile of the probe's held-out |residuals|, which the trainer puts on
 * each score, so it follows the probe as it improves.
 * Each score is looked at once (exactly-once processing), so a disagreement is never emitted twice.
 */
public final class MonitorTopology {
    private static final String SERVICE = "monitor";

    private MonitorTopology() {
    }

    public static Topology build(ConceptSpec spec, Topics topics, AvroSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        Deserializer<Score> scores = serdes.forType(Score.class).deserializer();

        KStream<String, Decoded> decoded = builder
                .stream(topics.scores(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(() -> new DecodeScore(scores));

        decoded.filter((key, value) -> value.deadLetter() != null)
                .mapValues(Decoded::deadLetter)
                .to(topics.deadLetters(), Produced.with(Serdes.String(), serdes.forType(DeadLetter.class)));

        MonitorSpec monitor = spec.monitor();
        decoded.filter((key, value) -> value.score() != null)
                .mapValues(Decoded::score)
                .filter((key, score) -> score.getConcept().equals(spec.concept()))
                .filter((key, score) -> isDisagreement(score, monitor))
                .map((key, score) -> new org.apache.kafka.streams.KeyValue<>(score.getSampleId(), disagreement(score, monitor)))
                .to(topics.disagreements(), Produced.with(Serdes.String(), serdes.forType(Disagreement.class)));
        return builder.build();
    }

    /** Probe statuses under which disagreements are worth a person's time. */
    static final java.util.Set<String> MAPPED = java.util.Set.of("mapped", "mapped-but-input-decodable");

    /** A disagreement: the probe is mapped and trained enough, and the residual is beyond the calibrated threshold. */
    static boolean isDisagreement(Score score, MonitorSpec monitor) {
        if (!MAPPED.contains(score.getProbeStatus()) || score.getProbeTrainedOn() < monitor.minTrained()
                || !(score.getResidualThreshold() > 0)) {
            return false;
        }
        return Math.abs(score.getPrediction() - score.getFeatureValue()) > score.getResidualThreshold();
    }

    static Disagreement disagreement(Score score, MonitorSpec monitor) {
        double residual = score.getPrediction() - score.getFeatureValue();
        String kind = residual > 0 ? "probe-higher" : "source-higher";
        double size = Math.abs(residual) / score.getResidualThreshold();
        String reason = String.format(Locale.ROOT,
                "%s: probe says %.4f but the source feature is %.4f; the residual %.4f is %.1f times the threshold %.4f"
                        + " (the %.3g quantile of held-out residuals)",
                kind.equals("probe-higher") ? "the probe reads more of the concept than the source has"
                        : "the source has more of the concept than the probe reads",
                score.getPrediction(), score.getFeatureValue(), residual, size, score.getResidualThreshold(),
                monitor.residualQuantile());
        return Disagreement.newBuilder()
                .setSampleId(score.getSampleId())
                .setConcept(score.getConcept())
                .setSource(score.getSource())
                .setTarget(score.getTarget())
                .setInput(score.getInput())
                .setGeneratorMode(score.getGeneratorMode())
                .setFactors(score.getFactors())
                .setFeatureValue(score.getFeatureValue())
                .setPrediction(score.getPrediction())
                .setResidual(residual)
                .setResidualScale(score.getResidualScale())
                .setKind(kind)
                .setSize(size)
                .setResidualThreshold(score.getResidualThreshold())
                .setProbeStatus(score.getProbeStatus())
                .setHeldOut(score.getHeldOut())
                .setProbeVersion(score.getProbeVersion())
                .setProbeTrainedOn(score.getProbeTrainedOn())
                .setReason(reason)
                .setCreatedAt(score.getCreatedAt())
                .setDetectedAt(Instant.now())
                .build();
    }

    /** A score, or the dead letter of a record that is not one. */
    record Decoded(Score score, DeadLetter deadLetter) {
    }

    /** Decodes inside the topology (not in a source serde) so a bad record becomes a dead letter with its origin. */
    private static final class DecodeScore implements FixedKeyProcessor<String, byte[], Decoded> {
        private final Deserializer<Score> deserializer;
        private FixedKeyProcessorContext<String, Decoded> context;

        DecodeScore(Deserializer<Score> deserializer) {
            this.deserializer = deserializer;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Decoded> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            var origin = context.recordMetadata().orElseThrow();
            Decoded result;
            try {
                Score score = deserializer.deserialize(origin.topic(), record.value());
                if (score == null) {
                    throw new IllegalArgumentException("empty record value");
                }
                result = new Decoded(score, null);
            } catch (RuntimeException e) {
                byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
                result = new Decoded(null, DeadLetters.of(SERVICE, "undecodable",
                        "cannot decode a score: " + DeadLetters.describe(e), origin.topic(), origin.partition(),
                        origin.offset(), key, record.value(), null));
            }
            context.forward(record.withValue(result));
        }
    }
}
