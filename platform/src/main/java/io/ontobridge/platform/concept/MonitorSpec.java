package io.ontobridge.platform.concept;

/**
 * When the monitor calls a sample a disagreement: only while the probe is mapped, when the residual
 * is beyond a threshold calibrated on held-out residuals.
 *
 * @param minTrained       the probe must also have learned from at least this many samples
 * @param residualQuantile the threshold is this quantile of |residual| over the probe's held-out window
 *                         (0.99: about 1 sample in 100 of the kind the probe was judged on is flagged)
 * @param calibration      {@code robust} (the default): the quantile of a normal distribution scaled by the median
 *                         held-out |residual|, which a region the target means otherwise does not move;
 *                         {@code quantile}: the window's own quantile, which such a region raises to its own level
 * @param emit             {@code new-groups}: a record when a disagreement opens a group of similar ones or
 *                         takes a significant group past a milestone size (5, 20, 100); {@code all}: every one
 * @param sameSideFactor   with {@code new-groups}, a disagreement where source and probe lie on the same side of the
 *                         concept (they differ in degree only) is emitted only when its residual is at least this
 *                         many times the threshold; those on opposite sides are emitted at 1x (1 treats both alike)
 */
public record MonitorSpec(Integer minTrained, Double residualQuantile, String emit, Double sameSideFactor,
                          String calibration) {
    public static final java.util.List<String> EMITS = java.util.List.of("new-groups", "all");
    public static final java.util.List<String> CALIBRATIONS = java.util.List.of("robust", "quantile");

    public MonitorSpec {
        minTrained = minTrained == null ? 500 : minTrained;
        residualQuantile = residualQuantile == null ? 0.99 : residualQuantile;
        emit = emit == null ? "new-groups" : emit;
        sameSideFactor = sameSideFactor == null ? 2.0 : sameSideFactor;
        calibration = calibration == null ? "robust" : calibration;
    }

    /** The spec's fields but calibration, which takes its default. */
    public MonitorSpec(Integer minTrained, Double residualQuantile, String emit, Double sameSideFactor) {
        this(minTrained, residualQuantile, emit, sameSideFactor, null);
    }

    /** Whether the threshold is read off the median held-out |residual| rather than the window's quantile. */
    public boolean robust() {
        return calibration.equals("robust");
    }

    public static MonitorSpec defaults() {
        return new MonitorSpec(null, null, null, null, null);
    }

    void validate() {
        Validation.range("monitor.min_trained", minTrained, 0, Integer.MAX_VALUE);
        if (!(residualQuantile > 0.5 && residualQuantile < 1)) {
            throw new ConceptSpecException("monitor.residual_quantile: must be in (0.5, 1), got " + residualQuantile);
        }
        if (!EMITS.contains(emit)) {
            throw new ConceptSpecException("monitor.emit: '" + emit + "' is not one of " + EMITS);
        }
        if (!CALIBRATIONS.contains(calibration)) {
            throw new ConceptSpecException("monitor.calibration: '" + calibration + "' is not one of " + CALIBRATIONS);
        }
        if (!(sameSideFactor >= 1 && sameSideFactor <= 100)) {
            throw new ConceptSpecException("monitor.same_side_factor: must be between 1 and 100, got " + sameSideFactor);
        }
    }
}
