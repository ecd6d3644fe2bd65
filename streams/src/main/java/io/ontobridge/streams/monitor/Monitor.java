package io.ontobridge.streams.monitor;

import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.streams.StreamsProperties;
import io.ontobridge.streams.StreamsService;

/** The monitor as a running service. */
public final class Monitor {
    private Monitor() {
    }

    public static StreamsService create(MonitorConfig config) {
        // ONNX text sources: the monitor opens the source model too, to explain each disagreement it emits. A zoo
        // language model's story is explained by its factors and group description instead (token influence reads
        // an ONNX encoder's token embeddings).
        TokenInfluence explainer = config.concept().source().isZoo() ? null
                : TokenInfluence.open(config.concept(), config.settings().modelCache());
        StreamsService service = new StreamsService("monitor",
                MonitorTopology.build(config.concept(), config.settings().topics(), new RegistrySerdes(config.settings()),
                        explainer),
                StreamsProperties.of(config.settings(), config.applicationId()));
        return explainer == null ? service : service.closing(explainer);
    }
}
