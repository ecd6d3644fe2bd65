package io.ontobridge.streams.trainer;

import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.streams.StreamsProperties;
import io.ontobridge.streams.StreamsService;

/** The streaming trainer as a running service. */
public final class Trainer {
    private Trainer() {
    }

    public static StreamsService create(TrainerConfig config) {
        return new StreamsService("trainer",
                TrainerTopology.build(config.concept(), config.settings().topics(), new RegistrySerdes(config.settings())),
                StreamsProperties.of(config.settings(), config.applicationId()));
    }
}
