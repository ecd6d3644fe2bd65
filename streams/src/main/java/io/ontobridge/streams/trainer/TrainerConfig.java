package io.ontobridge.streams.trainer;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;

/**
 * The streaming trainer's configuration.
 *
 * @param settings where Kafka and the registry are
 * @param concept  the concept whose probes this trainer fits (probe settings come from its spec)
 */
public record TrainerConfig(ServiceSettings settings, ConceptSpec concept) {
    /** The Streams application id: one per concept, so its state store holds that concept's probes. */
    public String applicationId() {
        return settings.topicPrefix() + ".trainer." + concept.concept();
    }
}
