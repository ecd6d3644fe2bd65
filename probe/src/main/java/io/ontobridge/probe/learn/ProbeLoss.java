package io.ontobridge.probe.learn;

import java.util.Objects;

/**
 * The objective a probe is fitted with. In both cases the optimum (the minimizer of the expected loss over the
 * data the probe sees) is the probe that behaves exactly like the source feature on that data, as far as the
 * probe's family can express it:
 *
 * <ul>
 *   <li>{@link Kind#SQUARED}: regression on the feature value; the target is standardized with its running
 *       mean/std and the mean squared error is minimized in z-space. The minimizer of E[(f(x) - y)^2] is the
 *       conditional mean E[y | x], so the optimal probe returns the feature value expected for the activations,
 *       and {@link Probe#predict} returns it in the feature's own units. {@link #threshold()} and the costs are
 *       not used.</li>
 *   <li>{@link Kind#LOGISTIC}: classification of a binarized concept: label t = 1 when the feature value is
 *       {@code >= threshold}, else 0. The loss is the weighted cross-entropy
 *       {@code -(FN * t * log q + FP * (1 - t) * log(1 - q))}: positives are weighted by
 *       {@link #falseNegativeCost()} (missing a present concept), negatives by {@link #falsePositiveCost()}
 *       (reporting an absent one). {@link Probe#predict} returns q, the model's probability that the concept is
 *       present.
 *       <br>With equal costs the minimizer is the posterior p(x) = P(t = 1 | x), so q behaves like the source's
 *       binarized feature in probability.
 *       <br>With costs it is the <em>cost-weighted posterior</em> q(x) = FN p / (FN p + FP (1 - p)). Thresholding
 *       it at 0.5 is the Bayes (minimum expected cost) decision, which is the same as thresholding the unweighted
 *       posterior p at FP / (FP + FN). {@link #decisionThreshold()} returns 0.5, the boundary on the probe's own
 *       (weighted) output; {@link #posteriorDecisionThreshold()} returns FP / (FP + FN), the boundary for an
 *       unweighted posterior (an equal-cost probe, or {@link #posterior(double)} of the weighted output).</li>
 *   <li>{@link Kind#HUBER}: regression as SQUARED, with Huber's loss on the standardized residual r:
 *       r^2 within delta, 2 delta |r| - delta^2 beyond. Its optimum lies between the conditional mean and the
 *       median: where the target means something else on a minority of inputs, their residuals pull the probe
 *       with a bounded force instead of one growing with their size, so the probe keeps fitting the rest and the
 *       minority stands out (docs/validation.md measured it on planted regions). {@link #threshold()} holds
 *       delta.</li>
 * </ul>
 *
 * @param kind              the objective
 * @param threshold         LOGISTIC: the feature value from which on the concept counts as present (inclusive);
 *                          HUBER: delta, in standard deviations of the feature, finite and > 0
 * @param falsePositiveCost LOGISTIC: weight of negative samples (cost of a false positive), finite and > 0
 * @param falseNegativeCost LOGISTIC: weight of positive samples (cost of a false negative), finite and > 0
 */
public record ProbeLoss(Kind kind, double threshold, double falsePositiveCost, double falseNegativeCost) {

    public enum Kind {
        SQUARED,
        LOGISTIC,
        /** Squared within {@link #huberDelta()} of the target, linear beyond: a few far-off samples pull less. */
        HUBER
    }

    /** HUBER's default delta, in standard deviations of the feature (see {@link #huber(double)}). */
    public static final double DEFAULT_HUBER_DELTA = 0.5;

    public ProbeLoss {
        Objects.requireNonNull(kind, "kind");
        if (!Double.isFinite(threshold)) throw new IllegalArgumentException("threshold must be finite: " + threshold);
        if (!(falsePositiveCost > 0) || !Double.isFinite(falsePositiveCost))
            throw new IllegalArgumentException("falsePositiveCost must be finite and > 0: " + falsePositiveCost);
        if (!(falseNegativeCost > 0) || !Double.isFinite(falseNegativeCost))
            throw new IllegalArgumentException("falseNegativeCost must be finite and > 0: " + falseNegativeCost);
        if (kind == Kind.HUBER && !(threshold > 0))
            throw new IllegalArgumentException("a Huber delta must be > 0: " + threshold);
    }

    /** Regression with Huber's loss, {@code delta} standard deviations of the feature from squared to linear. */
    public static ProbeLoss huber(double delta) {
        return new ProbeLoss(Kind.HUBER, delta, 1.0, 1.0);
    }

    /** HUBER: where the loss turns from squared to linear, in standard deviations of the feature; infinite otherwise. */
    public double huberDelta() {
        return kind == Kind.HUBER ? threshold : Double.POSITIVE_INFINITY;
    }

    /** Regression on the feature value (threshold 0 and unit costs are placeholders, unused). */
    public static ProbeLoss squared() {
        return new ProbeLoss(Kind.SQUARED, 0.0, 1.0, 1.0);
    }

    /** Binarized concept (feature {@code >= threshold}) with equal costs. */
    public static ProbeLoss logistic(double threshold) {
        return logistic(threshold, 1.0, 1.0);
    }

    /** Binarized concept (feature {@code >= threshold}) with the given false-positive and false-negative costs. */
    public static ProbeLoss logistic(double threshold, double falsePositiveCost, double falseNegativeCost) {
        return new ProbeLoss(Kind.LOGISTIC, threshold, falsePositiveCost, falseNegativeCost);
    }

    /** Parses "squared", "logistic" or "huber" (case-insensitive, default delta), as the concept spec names them. */
    public static ProbeLoss of(String name, double threshold, double falsePositiveCost, double falseNegativeCost) {
        return switch (name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "squared" -> squared();
            case "logistic" -> logistic(threshold, falsePositiveCost, falseNegativeCost);
            case "huber" -> huber(DEFAULT_HUBER_DELTA);
            default -> throw new IllegalArgumentException("unknown loss '" + name + "' (squared|logistic|huber)");
        };
    }

    public boolean isLogistic() {
        return kind == Kind.LOGISTIC;
    }

    /** LOGISTIC: the concept's label for a feature value: 1 when {@code y >= threshold}, else 0. */
    public int label(double y) {
        return y >= threshold ? 1 : 0;
    }

    /** LOGISTIC: the weight of a sample with the given label (FN cost for positives, FP cost for negatives). */
    public double weight(int label) {
        return label == 1 ? falseNegativeCost : falsePositiveCost;
    }

    /**
     * The boundary the monitor should apply to {@link Probe#predict}: 0.5 for LOGISTIC, because the probe is
     * trained with the costs, so its output is the cost-weighted posterior and 0.5 on it is the minimum-cost
     * decision (equivalent to {@link #posteriorDecisionThreshold()} on the unweighted posterior). NaN for SQUARED,
     * whose output is a feature value, not a probability (compare it with {@link #threshold()} if needed).
     */
    public double decisionThreshold() {
        return kind == Kind.LOGISTIC ? 0.5 : Double.NaN;
    }

    /**
     * The cost-optimal boundary on an <em>unweighted</em> posterior P(concept | x): FP / (FP + FN). Not the one to
     * apply to this loss's own probe output (see {@link #decisionThreshold()}). NaN for SQUARED.
     */
    public double posteriorDecisionThreshold() {
        return kind == Kind.LOGISTIC ? falsePositiveCost / (falsePositiveCost + falseNegativeCost) : Double.NaN;
    }

    /**
     * Converts the probe's cost-weighted output q back to the unweighted posterior p = FP q / (FP q + FN (1 - q)),
     * for calibration checks against 0/1 labels. Identity for equal costs; NaN for SQUARED.
     */
    public double posterior(double q) {
        if (kind != Kind.LOGISTIC) return Double.NaN;
        double a = falsePositiveCost * q, c = falseNegativeCost * (1.0 - q);
        return a + c == 0 ? q : a / (a + c);
    }
}
