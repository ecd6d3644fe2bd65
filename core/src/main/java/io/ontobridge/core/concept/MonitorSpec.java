package io.ontobridge.core.concept;

/**
 * When the monitor calls a sample a disagreement: only while the probe is mapped, when the residual
 * is beyond a threshold calibrated on held-out residuals.
 *
 * @param minTrained       the probe must also have learned from at least this many samples
 * @param residualQuantile the threshold is this quantile of |residual| over the probe's held-out window
 *                         (0.99: about 1 sample in 100 of the kind the probe was judged on is flagged)
 */
public record MonitorSpec(Integer minTrained, Double residualQuantile) {
    public MonitorSpec {
        minTrained = minTrained == null ? 500 : minTrained;
        residualQuantile = residualQuantile == null ? 0.99 : residualQuantile;
    }

    public static MonitorSpec defaults() {
        return new MonitorSpec(null, null);
    }

    void validate() {
        Validation.range("monitor.min_trained", minTrained, 0, Integer.MAX_VALUE);
        if (!(residualQuantile > 0.5 && residualQuantile < 1)) {
            throw new ConceptSpecException("monitor.residual_quantile: must be in (0.5, 1), got " + residualQuantile);
        }
    }
}
