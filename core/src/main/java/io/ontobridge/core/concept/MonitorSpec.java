package io.ontobridge.core.concept;

/**
 * When the monitor calls a sample a disagreement.
 *
 * @param minTrained        the probe must have learned from at least this many samples first,
 *                          so an untrained probe's errors are not reported
 * @param residualThreshold a disagreement is a residual larger than this many times the probe's
 *                          typical residual (running RMS)
 */
public record MonitorSpec(Integer minTrained, Double residualThreshold) {
    public MonitorSpec {
        minTrained = minTrained == null ? 500 : minTrained;
        residualThreshold = residualThreshold == null ? 3.0 : residualThreshold;
    }

    public static MonitorSpec defaults() {
        return new MonitorSpec(null, null);
    }

    void validate() {
        Validation.range("monitor.min_trained", minTrained, 0, Integer.MAX_VALUE);
        if (!(residualThreshold > 0)) {
            throw new ConceptSpecException("monitor.residual_threshold: must be > 0, got " + residualThreshold);
        }
    }
}
