package io.ontobridge.streams.monitor;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.AvroSerdes;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.Review;
import io.ontobridge.schema.SampleRequest;
import io.ontobridge.schema.Score;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor, read top to bottom:
 * <pre>
 * scores (bytes) -> [monitor: decode, this concept, probe mapped and trained enough,
 *                    beyond the calibrated threshold -> group by where it lies] -> disagreements (key: sample id)
 *                        |  state store "groups" (changelog)                    -> dlq (bad records)
 *                        +------------------------------------------------------> requests (sample near a new group)
 * </pre>
 * Each score is looked at once (exactly-once processing) and a sample id is assigned to a group at
 * most once, so a disagreement is never emitted twice. See {@link MonitorProcessor} for the rules.
 */
public final class MonitorTopology {
    public static final String GROUPS_STORE = "groups";
    /** Which group each assigned sample joined (sample id -> probe key|group id). */
    public static final String ASSIGNMENTS_STORE = "assignments";
    /** Every verdict so far (sample id -> verdict), from the reviews topic, on every instance. */
    public static final String REVIEWS_STORE = "reviews";
    static final String DISAGREEMENTS_SINK = "disagreements-sink";
    static final String DLQ_SINK = "dlq-sink";
    static final String REQUESTS_SINK = "requests-sink";

    private MonitorTopology() {
    }

    public static Topology build(ConceptSpec spec, Topics topics, AvroSerdes serdes) {
        return build(spec, topics, serdes, null);
    }

    /**
     * @param explainer explains text disagreements through the source model (token influence); null for none
     */
    public static Topology build(ConceptSpec spec, Topics topics, AvroSerdes serdes, TokenInfluence explainer) {
        var scores = serdes.forType(Score.class).deserializer();
        Topology topology = new Topology();
        topology.addSource("scores", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.scores());
        topology.addProcessor("monitor", () -> new MonitorProcessor(spec, scores, explainer), "scores");
        // The disagreement groups of each probe, with a changelog: a restart keeps the groups and the ids seen.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GROUPS_STORE),
                Serdes.String(), Serdes.ByteArray()), "monitor");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ASSIGNMENTS_STORE),
                Serdes.String(), Serdes.String()), "monitor");
        // People's verdicts, as a global store: a review is keyed by sample id, not by the probe's key,
        // so every monitor instance needs all of them to count verdicts per group.
        var reviews = serdes.forType(Review.class).deserializer();
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REVIEWS_STORE),
                        Serdes.String(), Serdes.String()).withLoggingDisabled(),
                "reviews", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.reviews(),
                "reviews-store", () -> new ReviewRecorder(reviews));
        topology.addSink(DISAGREEMENTS_SINK, topics.disagreements(), Serdes.String().serializer(),
                serdes.forType(Disagreement.class).serializer(), "monitor");
        topology.addSink(DLQ_SINK, topics.deadLetters(), Serdes.String().serializer(),
                serdes.forType(DeadLetter.class).serializer(), "monitor");
        // Active sampling: ask the generator for more samples near each newly found group.
        topology.addSink(REQUESTS_SINK, topics.requests(), Serdes.String().serializer(),
                serdes.forType(SampleRequest.class).serializer(), "monitor");
        return topology;
    }
}
