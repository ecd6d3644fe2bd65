package io.ontobridge.streams.monitor;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;

/**
 * The monitor's configuration.
 *
 * @param settings where Kafka and the registry are
 * @param concept  the concept whose scores this monitor watches (thresholds come from its spec)
 */
public record MonitorConfig(ServiceSettings settings, ConceptSpec concept) {
    public String applicationId() {
        return settings.topicPrefix() + ".monitor." + concept.concept();
    }
}
