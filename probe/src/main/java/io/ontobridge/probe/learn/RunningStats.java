package io.ontobridge.probe.learn;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * The probes' standard scaler: the running standardization they learn in, Welford mean and variance of every
 * input ({@link RunningMoments}) and of the target, in double so long streams do not drift, and the standardized
 * inputs they give.
 * <ul>
 *   <li>A feature whose running std is at most {@code stdFloor * max(1, |mean|)} counts as constant: its
 *       z is 0, so it neither learns nor can explode a prediction when it later changes.</li>
 *   <li>z is clipped to +-{@value #Z_LIMIT}: a unit that has rarely fired (a ReLU unit with a tiny running
 *       std) and then fires far outside its history cannot swamp the prediction (an unclipped probe
 *       collapsed this way in the shapes scenario: docs/benchmarks.md, "Design measurements").</li>
 * </ul>
 */
public final class RunningStats {
    /** Standardized inputs are clipped to this many running standard deviations. */
    public static final double Z_LIMIT = 6.0;

    private final double stdFloor;
    private final RunningMoments x;
    private double meanY;
    private double m2Y;

    public RunningStats(int dimension, double stdFloor) {
        this.stdFloor = stdFloor;
        this.x = new RunningMoments(dimension);
    }

    /** Takes in one learned sample. */
    public void update(float[] features, double y) {
        x.update(features);
        long count = x.count();
        double dy = y - meanY;
        meanY += dy / count;
        m2Y += dy * (y - meanY);
    }

    public long count() {
        return x.count();
    }

    public double meanX(int i) {
        return x.mean(i);
    }

    public double meanY() {
        return meanY;
    }

    /** 1/std of feature i, or 0 when the feature is (so far) constant: then it contributes nothing. */
    public double invStd(int i) {
        if (x.count() < 2) {
            return 0.0;
        }
        double std = Math.sqrt(x.variance(i));
        return std > stdFloor * Math.max(1.0, Math.abs(x.mean(i))) ? 1.0 / std : 0.0;
    }

    /** The standardized, clipped value of feature i. */
    public double z(int i, float xi) {
        double inv = invStd(i);
        return inv == 0.0 ? 0.0 : clip((xi - x.mean(i)) * inv);
    }

    public static double clip(double z) {
        return Math.max(-Z_LIMIT, Math.min(Z_LIMIT, z));
    }

    /** Target scale; 1 while the target has been (near) constant, where z = y - mean = 0 anyway. */
    public double yScale() {
        long count = x.count();
        if (count < 2) {
            return 1.0;
        }
        double std = Math.sqrt(m2Y / count);
        return std > stdFloor * Math.max(1.0, Math.abs(meanY)) ? std : 1.0;
    }

    /** count, the means and M2 sums of the inputs (as double arrays), then the target's mean and M2. */
    public void write(StateWriter out) {
        x.write(out);
        out.writeDouble(meanY);
        out.writeDouble(m2Y);
    }

    public void read(StateReader in) {
        x.read(in);
        meanY = in.readDouble();
        m2Y = in.readDouble();
    }
}
