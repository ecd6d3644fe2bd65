package io.ontobridge.streams.monitor;

import io.ontobridge.core.kafka.RegistrySerdes;
import io.ontobridge.streams.StreamsProperties;
import io.ontobridge.streams.StreamsService;

/** The monitor as a running service. */
public final class Monitor {
    private Monitor() {
    }

    public static StreamsService create(MonitorConfig config) {
        return new StreamsService("monitor",
                MonitorTopology.build(config.concept(), config.settings().topics(), new RegistrySerdes(config.settings())),
                StreamsProperties.of(config.settings(), config.applicationId()));
    }
}
