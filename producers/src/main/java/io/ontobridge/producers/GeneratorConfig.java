package io.ontobridge.producers;

import io.ontobridge.core.concept.ConceptSpec;
import io.ontobridge.core.config.ServiceSettings;

/**
 * The generator's configuration.
 *
 * @param settings where Kafka and the registry are
 * @param concept  the concept transfer to generate samples for
 * @param samples  stop after publishing this many samples; 0 runs until stopped
 * @param runId    prefix of the sample ids this run creates, so ids are unique across runs
 */
public record GeneratorConfig(ServiceSettings settings, ConceptSpec concept, long samples, String runId) {
    public GeneratorConfig {
        if (samples < 0) {
            throw new IllegalArgumentException("samples: must be >= 0 (0 = unbounded), got " + samples);
        }
        if (runId == null || !runId.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("run id '" + runId + "' may hold only letters, digits, '_' and '-'");
        }
    }
}
