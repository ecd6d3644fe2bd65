package io.ontobridge.streams.inference;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;

import java.time.Duration;

/**
 * Target inference's configuration.
 *
 * @param settings   where Kafka and the registry are
 * @param concept    the concept transfer whose target model this instance runs
 * @param instanceId distinguishes instances of one group; part of the transactional id, so it must be
 *                   stable across restarts of the same instance
 * @param pollTimeout how long one poll waits for samples
 */
public record InferenceConfig(ServiceSettings settings, ConceptSpec concept, String instanceId, Duration pollTimeout) {
    public InferenceConfig {
        instanceId = instanceId == null ? "0" : instanceId;
        pollTimeout = pollTimeout == null ? Duration.ofMillis(200) : pollTimeout;
    }

    /** One consumer group per (concept, target model, version): each such pair sees every sample once. */
    public String groupId() {
        return io.ontobridge.platform.kafka.GroupIds.inference(settings.topicPrefix(), concept);
    }
}
