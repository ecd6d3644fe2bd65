package io.ontobridge.streams.inference;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.GroupIds;
import io.ontobridge.platform.service.RestartBudget;

import java.time.Duration;

/**
 * Target inference's configuration.
 *
 * @param settings    where Kafka and the registry are
 * @param concept     the concept transfer whose target model this instance runs
 * @param instanceId  distinguishes instances of one group; part of the transactional id, so it must be
 *                    stable across restarts of the same instance
 * @param pollTimeout how long one poll waits for samples
 * @param recoveries  how often a failed transaction may be aborted and redone in-process before the service stops
 *                    (default {@link RestartBudget#MAX_RESTARTS} within {@link RestartBudget#WINDOW}, as the
 *                    Streams services' thread replacements)
 */
public record InferenceConfig(ServiceSettings settings, ConceptSpec concept, String instanceId, Duration pollTimeout,
                              RestartBudget recoveries) {
    public InferenceConfig {
        instanceId = instanceId == null ? "0" : instanceId;
        pollTimeout = pollTimeout == null ? Duration.ofMillis(200) : pollTimeout;
        recoveries = recoveries == null ? new RestartBudget() : recoveries;
    }

    public InferenceConfig(ServiceSettings settings, ConceptSpec concept, String instanceId, Duration pollTimeout) {
        this(settings, concept, instanceId, pollTimeout, null);
    }

    /** One consumer group per (concept, target model, version): each such pair sees every sample once. */
    public String groupId() {
        return GroupIds.inference(settings.topicPrefix(), concept);
    }

    /** The transactional id of this instance's producer: stable across restarts, so a restart fences its zombie. */
    public String transactionalId() {
        return groupId() + "." + instanceId;
    }
}
