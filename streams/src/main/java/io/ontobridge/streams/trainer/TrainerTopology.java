package io.ontobridge.streams.trainer;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.AvroSerdes;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.ConceptStatus;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.ProbeSnapshot;
import io.ontobridge.schema.Review;
import io.ontobridge.schema.Score;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The streaming trainer, read top to bottom:
 * <pre>
 * activations (bytes) -> [trainer: decode, predict, then learn] -> scores
 *                               |   state store "probes" (changelog)  -> probes (snapshots)
 *                               +------------------------------------> dlq (bad records)
 * reviews (bytes)     -> [review learner: learn from people's verdicts on flagged samples]
 * models (compacted)  -> global store "announced-models": which target versions may be trained on
 * </pre>
 * Records arrive keyed by (concept, target model), so the probes of every version of the target model
 * are updated by one task, in order, and can be compared there; scores and snapshots go out keyed by
 * (concept, target model, version), one key per probe. Values are decoded inside the processor so that an
 * undecodable record becomes a dead letter instead of stopping the stream. The models topic is read as a global
 * store, so the trainer never blocks on another topic; activations of a version not announced yet wait in
 * {@link HeldActivations}.
 */
public final class TrainerTopology {
    public static final String STORE = "probes";
    /** Learned samples the probe disagreed on, kept until a person reviews them (probe|sample id -> sample). */
    public static final String FLAGGED_STORE = "flagged";
    static final String SCORES_SINK = "scores-sink";
    static final String PROBES_SINK = "probes-sink";
    static final String DLQ_SINK = "dlq-sink";
    static final String STATUS_SINK = "status-sink";

    private TrainerTopology() {
    }

    /** The trainer's topology for one concept: its own target version, and those announced on the models topic. */
    public static Topology build(ConceptSpec spec, Topics topics, AvroSerdes serdes) {
        var activations = serdes.forType(ActivatedSample.class).deserializer();
        Topology topology = new Topology();
        topology.addSource("activations", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.activations());
        topology.addProcessor("trainer", () -> new TrainerProcessor(spec, activations), "activations");
        // Reviews are keyed like the activations, so they reach the task that owns the probe.
        var reviews = serdes.forType(Review.class).deserializer();
        topology.addSource("reviews", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.reviews());
        topology.addProcessor("review-learner", () -> new ReviewLearner(reviews, dimension -> ProbeFactory.fromSpec(spec.probe(), dimension)), "reviews");
        // The probe state, with a changelog topic: a restart resumes each probe where it stopped. Cached: a
        // probe changes with every sample, and only its state at each commit goes to RocksDB and the changelog.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), "trainer", "review-learner");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FLAGGED_STORE),
                Serdes.String(), Serdes.ByteArray()), "trainer", "review-learner");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HeldActivations.STORE),
                Serdes.String(), Serdes.ByteArray()), "trainer");
        // Every announced checkpoint, on every instance: a global store is restored before processing starts and
        // kept up to date by the global thread; its changelog is the compacted models topic itself.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AnnouncedVersions.STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                "models", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.models(),
                "models-keeper", AnnouncedVersions.Keeper::new);
        topology.addSink(SCORES_SINK, topics.scores(), Serdes.String().serializer(),
                serdes.forType(Score.class).serializer(), "trainer");
        topology.addSink(PROBES_SINK, topics.probes(), Serdes.String().serializer(),
                serdes.forType(ProbeSnapshot.class).serializer(), "trainer");
        topology.addSink(STATUS_SINK, topics.conceptStatus(), Serdes.String().serializer(),
                serdes.forType(ConceptStatus.class).serializer(), "trainer");
        topology.addSink(DLQ_SINK, topics.deadLetters(), Serdes.String().serializer(),
                serdes.forType(DeadLetter.class).serializer(), "trainer");
        return topology;
    }
}
