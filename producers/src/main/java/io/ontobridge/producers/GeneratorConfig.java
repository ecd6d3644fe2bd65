package io.ontobridge.producers;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;

/**
 * The generator's configuration.
 *
 * @param settings where Kafka and the registry are
 * @param concept  the concept transfer to generate samples for
 * @param samples  stop once the run has this many samples (those of earlier starts of the run included);
 *                 0 runs until stopped
 * @param runId    prefix of the sample ids this run creates, so ids are unique across runs; a generator
 *                 started again with the run id of an unfinished run resumes it
 * @param ratePerS samples per second at most; 0 is as fast as the source model goes
 */
public record GeneratorConfig(ServiceSettings settings, ConceptSpec concept, long samples, String runId, double ratePerS) {
    /** At the spec's rate ({@code generator.rate_per_s}). */
    public GeneratorConfig(ServiceSettings settings, ConceptSpec concept, long samples, String runId) {
        this(settings, concept, samples, runId, concept.generator().ratePerS());
    }

    public GeneratorConfig {
        if (!(ratePerS >= 0) || Double.isInfinite(ratePerS)) {
            throw new IllegalArgumentException("rate: must be a finite number >= 0 (0 = unpaced), got " + ratePerS);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("samples: must be >= 0 (0 = unbounded), got " + samples);
        }
        if (runId == null || !runId.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("run id '" + runId + "' may hold only letters, digits, '_' and '-'");
        }
    }
}
