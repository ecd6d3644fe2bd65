package io.ontobridge.probe;

import io.ontobridge.probe.metrics.FidelityWindow;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * The simplest read-out of a concept from the target's activations, in closed form: the difference-of-means
 * direction (the mean activations of the learned samples the source reads high minus those it reads low: label 1
 * for a binarized concept, else a value above the running mean of the earlier values), and the feature predicted
 * from the projection on it by least squares, {@code a + b * projection}, with no gradient step. Difference of
 * means is the baseline the field finds hard to beat (AxBench, 2025: concept detection as good as linear probes),
 * so a concept probe that does no better has learned nothing a direction did not already hold.
 *
 * <p>Online: the group means take every learned sample; a and b are the least-squares fit over the projections
 * as each sample was projected when it came, weighted to forget with a memory of {@value #MEMORY} samples (the
 * direction moves while its means settle, so the oldest projections were taken on another one). A binarized
 * concept's prediction is the fitted value clipped to [0, 1], a probability. Held-out samples enter its window.
 * Not thread-safe.
 */
public final class DiffMeansBaseline {
    /** Samples the fit of a and b remembers: new ones weigh {@code max(1/k, 1/MEMORY)}. */
    static final int MEMORY = 500;

    private final boolean binary;
    private final FidelityWindow heldOut;
    /** Mean activations of the samples read high and low, and how many each took. */
    private final double[] meanHigh;
    private final double[] meanLow;
    private long high;
    private long low;
    /** Derived from the means (not state): the direction, and the projection of the activations' mean on it. */
    private final double[] direction;
    private double centreProjection;
    /** Targets learned and their running mean: the split for a real-valued feature, the fallback prediction. */
    private long targets;
    private double targetMean;
    /** The fit: projections taken in, their weighted means of projection and target, variance and covariance. */
    private long fitted;
    private double meanProjection;
    private double meanTarget;
    private double varProjection;
    private double covariance;

    DiffMeansBaseline(int dimension, boolean binary, int window) {
        this.binary = binary;
        this.heldOut = new FidelityWindow(window);
        this.meanHigh = new double[dimension];
        this.meanLow = new double[dimension];
        this.direction = new double[dimension];
    }

    /**
     * The predicted feature value (for a binarized concept, the probability that it is present); the running
     * mean of the learned targets until there is a direction and a fit, 0 (0.5) before anything was learned.
     */
    public double predict(float[] activations) {
        if (fitted < 2 || !(varProjection > 0)) {
            return targets == 0 && binary ? 0.5 : targetMean;
        }
        double slope = covariance / varProjection;
        double value = meanTarget + slope * (projection(activations) - meanProjection);
        return binary ? Math.min(1, Math.max(0, value)) : value;
    }

    /**
     * The projection on the direction, meanHigh - meanLow, of the activations less their mean: centred, so the
     * projections of samples taken while the direction still moved differ in their spread, not by an offset that
     * its every wobble times the activations' mean would add (raw units). One dot product: it is on every sample.
     */
    private double projection(float[] x) {
        double p = 0;
        for (int i = 0; i < direction.length; i++) {
            p += direction[i] * x[i];
        }
        return p - centreProjection;
    }

    /** The direction and the centre's projection from the means, after they changed (or were read). */
    private void refresh() {
        double shareHigh = high + low == 0 ? 0 : (double) high / (high + low);
        double centre = 0;
        for (int i = 0; i < direction.length; i++) {
            direction[i] = meanHigh[i] - meanLow[i];
            centre += direction[i] * (meanLow[i] + shareHigh * direction[i]);
        }
        centreProjection = centre;
    }

    /** Learns one sample; {@code target} is the feature value, or for a binarized concept its 0/1 label. */
    void learn(float[] activations, double target) {
        boolean readHigh = binary ? target >= 0.5 : targets == 0 || target > targetMean;
        targets++;
        targetMean += (target - targetMean) / targets;
        double[] mean = readHigh ? meanHigh : meanLow;
        long count = readHigh ? ++high : ++low;
        double rate = 1.0 / count;
        for (int i = 0; i < mean.length; i++) {
            mean[i] += (activations[i] - mean[i]) * rate;
        }
        refresh();
        if (high == 0 || low == 0) {
            return; // no direction yet
        }
        // West's weighted update of means, variance and covariance: stable however far the projections lie from 0.
        fitted++;
        double weight = Math.max(1.0 / fitted, 1.0 / MEMORY);
        double dp = projection(activations) - meanProjection;
        double dy = target - meanTarget;
        meanProjection += weight * dp;
        meanTarget += weight * dy;
        varProjection = (1 - weight) * (varProjection + weight * dp * dp);
        covariance = (1 - weight) * (covariance + weight * dp * dy);
    }

    /** A held-out sample: the prediction against {@code truth} (the feature value, or its label). */
    void heldOut(float[] activations, double truth) {
        heldOut.add(predict(activations), truth);
    }

    /** Its held-out pairs. */
    public FidelityWindow heldOutWindow() {
        return heldOut;
    }

    public int dimension() {
        return meanHigh.length;
    }

    /** The dimension and kind, the group means and counts, the targets' mean, the fit, then the held-out window. */
    void write(StateWriter out) {
        out.writeInt(meanHigh.length);
        out.writeBoolean(binary);
        out.writeLong(high);
        out.writeLong(low);
        out.writeDoubles(meanHigh);
        out.writeDoubles(meanLow);
        out.writeLong(targets);
        out.writeDouble(targetMean);
        out.writeLong(fitted);
        out.writeDouble(meanProjection);
        out.writeDouble(meanTarget);
        out.writeDouble(varProjection);
        out.writeDouble(covariance);
        heldOut.write(out);
    }

    static DiffMeansBaseline read(StateReader in, int window) {
        int dimension = in.readCount("difference-of-means dimension", in.remaining() / (2 * Double.BYTES));
        DiffMeansBaseline d = new DiffMeansBaseline(dimension, in.readBoolean(), window);
        d.high = in.readLong();
        d.low = in.readLong();
        in.readDoubles(d.meanHigh, dimension);
        in.readDoubles(d.meanLow, dimension);
        d.targets = in.readLong();
        d.targetMean = in.readDouble();
        d.fitted = in.readLong();
        d.meanProjection = in.readDouble();
        d.meanTarget = in.readDouble();
        d.varProjection = in.readDouble();
        d.covariance = in.readDouble();
        d.heldOut.copyFrom(FidelityWindow.read(in));
        d.refresh();
        return d;
    }
}
