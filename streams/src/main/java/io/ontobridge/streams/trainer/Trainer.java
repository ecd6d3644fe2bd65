package io.ontobridge.streams.trainer;

import io.ontobridge.platform.kafka.AnnouncedModels;
import io.ontobridge.platform.kafka.ModelAnnouncements;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.streams.StreamsProperties;
import io.ontobridge.streams.StreamsService;

/** The streaming trainer as a running service. */
public final class Trainer {
    private Trainer() {
    }

    public static StreamsService create(TrainerConfig config) {
        String specVersion = config.concept().target().version();
        AnnouncedModels announced = new AnnouncedModels(config.settings(), ModelAnnouncements.TARGET,
                config.concept().target().name());
        // The spec's own target version, or one announced on the models topic (read to its end at an unseen one).
        java.util.function.Predicate<String> known = version -> {
            if (version.equals(specVersion)) {
                return true;
            }
            synchronized (announced) {
                return announced.knows(version);
            }
        };
        return new StreamsService("trainer",
                TrainerTopology.build(config.concept(), config.settings().topics(), new RegistrySerdes(config.settings()),
                        known),
                StreamsProperties.of(config.settings(), config.applicationId()))
                .closing(announced);
    }
}
