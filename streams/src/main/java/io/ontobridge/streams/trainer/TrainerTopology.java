package io.ontobridge.streams.trainer;

import io.ontobridge.core.concept.ConceptSpec;
import io.ontobridge.core.kafka.AvroSerdes;
import io.ontobridge.core.kafka.Topics;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.ProbeSnapshot;
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
 * </pre>
 * Records arrive keyed by (concept, target model, version), so each probe is updated by one task,
 * in order. Values are decoded inside the processor so that an undecodable record becomes a dead
 * letter instead of stopping the stream.
 */
public final class TrainerTopology {
    public static final String STORE = "probes";
    static final String SCORES_SINK = "scores-sink";
    static final String PROBES_SINK = "probes-sink";
    static final String DLQ_SINK = "dlq-sink";

    private TrainerTopology() {
    }

    public static Topology build(ConceptSpec spec, Topics topics, AvroSerdes serdes) {
        var activations = serdes.forType(ActivatedSample.class).deserializer();
        Topology topology = new Topology();
        topology.addSource("activations", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.activations());
        topology.addProcessor("trainer", () -> new TrainerProcessor(spec, activations), "activations");
        // The probe state, with a changelog topic: a restart resumes each probe where it stopped.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()), "trainer");
        topology.addSink(SCORES_SINK, topics.scores(), Serdes.String().serializer(),
                serdes.forType(Score.class).serializer(), "trainer");
        topology.addSink(PROBES_SINK, topics.probes(), Serdes.String().serializer(),
                serdes.forType(ProbeSnapshot.class).serializer(), "trainer");
        topology.addSink(DLQ_SINK, topics.deadLetters(), Serdes.String().serializer(),
                serdes.forType(DeadLetter.class).serializer(), "trainer");
        return topology;
    }
}
