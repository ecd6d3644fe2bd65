package io.ontobridge.probe.metrics;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * The prequential (online) code length of one predictor's targets, and of the marginal code beside it: minimum
 * description length probing as Voita and Titov (2020) define it, where each target is transmitted with the model
 * fitted on the targets before it. An online probe predicts every sample before it learns it, so its code is the
 * sum of those predictions' losses, taken as they come.
 *
 * <p>Two codes, both in bits:
 * <ul>
 *   <li><b>Gaussian</b> (a real-valued feature): target y_t costs {@code -log2(phi(y_t; mu, sigma^2) * eps)}, the
 *       bits of y_t rounded to a bin of width eps under a normal predictive density. The predictor's code takes
 *       mu = its prediction and sigma^2 = the running mean square of its earlier residuals (each new one weighted
 *       {@code max(1/k, }{@value #ALPHA}{@code )}, as the trainer's residual scale, so it follows the predictor as
 *       it learns); the marginal code takes mu, sigma^2 = the running mean and variance of the earlier targets.
 *       The predictor's sigma is floored at (standard deviation of the earlier targets) / {@value #BINS_PER_SD},
 *       the precision the codes are reported at: no density is trusted narrower than a bin. The first {@value #WARM_UP} targets, and any while all earlier ones
 *       were equal, are not coded (no spread to code them with yet). The bits are kept without the {@code -log2 eps} term; {@link #bits(double)} adds it for
 *       the precision asked, so codes of the same feature compare at one precision.</li>
 *   <li><b>Cross-entropy</b> (a binarized concept, 0/1 labels): label t_t costs {@code -log2 p} for t_t = 1 and
 *       {@code -log2(1 - p)} for 0, p the predicted probability clipped to [{@value #P_MIN}, 1 - {@value #P_MIN}]
 *       (one confident mistake costs at most 10 bits); the marginal code takes p = (ones + 1) / (labels + 2) of the
 *       earlier labels (Laplace's rule). The uniform code is 1 bit a label.</li>
 * </ul>
 * A compression of marginal bits over online bits above 1 says the predictor knows the targets better than their
 * distribution alone does. Not thread-safe.
 */
public final class PrequentialCode {
    /** Weight floor of a new residual in the running mean square: memory of about 100 samples. */
    static final double ALPHA = 0.01;
    /** The precision: bins per standard deviation of the targets. */
    public static final int BINS_PER_SD = 100;
    /** Gaussian: targets seen before coding starts. */
    static final int WARM_UP = 2;
    /** Cross-entropy: predicted probabilities are clipped this far from 0 and 1. */
    static final double P_MIN = 0.001;
    private static final double LOG2_SQRT_2PI = 0.5 * Math.log(2 * Math.PI) / Math.log(2);
    private static final double LN2 = Math.log(2);

    private final boolean binary;
    /** Targets seen (coded or not) and their Welford mean and M2 (Gaussian), or the count of ones (binary). */
    private long seen;
    private double mean;
    private double m2;
    private long ones;
    /** Targets coded, and the two codes' bits (Gaussian: without the -log2 eps term). */
    private long coded;
    private double onlineBits;
    private double marginalBits;
    /** Residuals seen and their running mean square (Gaussian). */
    private long residuals;
    private double residualMeanSquare;

    private PrequentialCode(boolean binary) {
        this.binary = binary;
    }

    /** The Gaussian code of a real-valued target. */
    public static PrequentialCode gaussian() {
        return new PrequentialCode(false);
    }

    /** The cross-entropy code of 0/1 labels, predictions being probabilities. */
    public static PrequentialCode crossEntropy() {
        return new PrequentialCode(true);
    }

    public boolean binary() {
        return binary;
    }

    /** Codes one target with the prediction made before the predictor learned it; then takes the target in. */
    public void add(double prediction, double target) {
        if (!Double.isFinite(prediction) || !Double.isFinite(target)) {
            return; // nothing a code could say: neither coded nor counted
        }
        if (binary) {
            addLabel(prediction, target >= 0.5);
        } else {
            addValue(prediction, target);
        }
    }

    private void addLabel(double probability, boolean one) {
        double p = Math.min(1 - P_MIN, Math.max(P_MIN, probability));
        double marginal = (ones + 1.0) / (seen + 2.0);
        onlineBits -= log2(one ? p : 1 - p);
        marginalBits -= log2(one ? marginal : 1 - marginal);
        coded++;
        seen++;
        ones += one ? 1 : 0;
    }

    private void addValue(double prediction, double y) {
        double floor = seen < WARM_UP ? 0 : Math.sqrt(m2 / seen) / BINS_PER_SD;
        if (floor > 0) { // past the warm-up, and the earlier targets have spread
            onlineBits += gaussianBits(y, prediction, Math.max(Math.sqrt(residualMeanSquare), floor));
            marginalBits += gaussianBits(y, mean, Math.sqrt(m2 / seen));
            coded++;
        }
        double residual = prediction - y;
        residuals++;
        residualMeanSquare += Math.max(1.0 / residuals, ALPHA) * (residual * residual - residualMeanSquare);
        seen++;
        double delta = y - mean;
        mean += delta / seen;
        m2 += delta * (y - mean);
    }

    /** -log2 of the normal density N(mu, sigma^2) at y (the -log2 eps term aside). */
    private static double gaussianBits(double y, double mu, double sigma) {
        double z = (y - mu) / sigma;
        return LOG2_SQRT_2PI + log2(sigma) + z * z / (2 * LN2);
    }

    private static double log2(double x) {
        return Math.log(x) / LN2;
    }

    /** Targets coded. */
    public long n() {
        return coded;
    }

    /**
     * The predictor's code length in bits: for a Gaussian code at the precision (bin width) {@code eps}, in the
     * targets' units; a cross-entropy code ignores it. 0 while nothing is coded.
     */
    public double bits(double eps) {
        return binary ? onlineBits : onlineBits + coded * -log2(eps);
    }

    /** The marginal code's length over the same targets, as {@link #bits(double)}. */
    public double marginalBits(double eps) {
        return binary ? marginalBits : marginalBits + coded * -log2(eps);
    }

    /**
     * The precision this code's own targets suggest: their standard deviation over {@value #BINS_PER_SD} (the
     * precision a concept's codes are reported at is its feature's: see the concept probe). NaN while unknown; 1
     * for a cross-entropy code (no precision needed).
     */
    public double precision() {
        if (binary) {
            return 1;
        }
        double sd = seen < 2 ? Double.NaN : Math.sqrt(m2 / seen);
        return sd > 0 ? sd / BINS_PER_SD : Double.NaN;
    }

    /** The kind (a boolean), the counts, the sums and the running moments. */
    public void write(StateWriter out) {
        out.writeBoolean(binary);
        out.writeLong(seen);
        out.writeDouble(mean);
        out.writeDouble(m2);
        out.writeLong(ones);
        out.writeLong(coded);
        out.writeDouble(onlineBits);
        out.writeDouble(marginalBits);
        out.writeLong(residuals);
        out.writeDouble(residualMeanSquare);
    }

    public static PrequentialCode read(StateReader in) {
        PrequentialCode code = new PrequentialCode(in.readBoolean());
        code.seen = in.readLong();
        code.mean = in.readDouble();
        code.m2 = in.readDouble();
        code.ones = in.readLong();
        code.coded = in.readLong();
        code.onlineBits = in.readDouble();
        code.marginalBits = in.readDouble();
        code.residuals = in.readLong();
        code.residualMeanSquare = in.readDouble();
        return code;
    }
}
