package io.ontobridge.probe;

/**
 * When a score is a disagreement: the one rule the monitor emits disagreements by and the trainer watches their rate
 * by (two services that do not share classes otherwise). A score is judged only while its probe is mapped
 * ({@link ProbeStatus#isMapped}), has learned from at least {@code minTrained} samples and has a calibrated
 * threshold; it is a disagreement when its residual is beyond that threshold or, for a binarized concept, when the
 * probe's decision (its probability against the decision boundary carried as the threshold) differs from the
 * source's label (the feature value against {@code labelThreshold}).
 *
 * @param minTrained     the monitor's {@code min_trained}
 * @param binarized      whether the probe is a logistic one on a binarized concept
 * @param labelThreshold binarized: where the feature value counts as the concept being present; unused otherwise
 */
public record DisagreementRule(long minTrained, boolean binarized, double labelThreshold) {

    /** Whether the monitor judges a score at all: its probe's status (wire name), training and threshold allow it. */
    public boolean judges(String probeStatus, long trainedOn, double residualThreshold) {
        return ProbeStatus.lookup(probeStatus).map(ProbeStatus::isMapped).orElse(false) && trainedOn >= minTrained
                && residualThreshold > 0;
    }

    /**
     * Whether the score's reading is beyond the threshold (regression), or on the other side of the decision from
     * the source's label (binarized); whether it is judged aside.
     */
    public boolean beyond(double prediction, double featureValue, double residualThreshold) {
        if (binarized) {
            return (prediction >= residualThreshold) != (featureValue >= labelThreshold);
        }
        return Math.abs(prediction - featureValue) > residualThreshold;
    }

    /** Judged, and beyond the threshold: a disagreement. */
    public boolean isDisagreement(String probeStatus, long trainedOn, double prediction, double featureValue,
                                  double residualThreshold) {
        return judges(probeStatus, trainedOn, residualThreshold) && beyond(prediction, featureValue, residualThreshold);
    }
}
