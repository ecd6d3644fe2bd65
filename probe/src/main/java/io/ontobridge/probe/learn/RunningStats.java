package io.ontobridge.probe.learn;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * The probes' standard scaler: the running standardization they learn in: Welford mean and variance of every input and of
 * the target, in double so long streams do not drift, and the standardized inputs they give.
 * <ul>
 *   <li>A feature whose running std is at most {@code stdFloor * max(1, |mean|)} counts as constant: its
 *       z is 0, so it neither learns nor can explode a prediction when it later changes.</li>
 *   <li>z is clipped to +-{@value #Z_LIMIT}: a unit that has rarely fired (a ReLU unit with a tiny running
 *       std) and then fires far outside its history cannot swamp the prediction. In the shapes scenario an
 *       unclipped probe went from held-out r 0.92 to 0.69 (R^2 below 0) within 1300 samples this way.</li>
 * </ul>
 */
public final class RunningStats {
    /** Standardized inputs are clipped to this many running standard deviations. */
    public static final double Z_LIMIT = 6.0;

    private final double stdFloor;
    private long count;
    private final double[] meanX;
    private final double[] m2X;
    private double meanY;
    private double m2Y;

    public RunningStats(int dimension, double stdFloor) {
        this.stdFloor = stdFloor;
        this.meanX = new double[dimension];
        this.m2X = new double[dimension];
    }

    /** Takes in one learned sample. */
    public void update(float[] x, double y) {
        count++;
        for (int i = 0; i < meanX.length; i++) {
            double delta = x[i] - meanX[i];
            meanX[i] += delta / count;
            m2X[i] += delta * (x[i] - meanX[i]);
        }
        double dy = y - meanY;
        meanY += dy / count;
        m2Y += dy * (y - meanY);
    }

    public long count() {
        return count;
    }

    public double meanX(int i) {
        return meanX[i];
    }

    public double meanY() {
        return meanY;
    }

    /** 1/std of feature i, or 0 when the feature is (so far) constant: then it contributes nothing. */
    public double invStd(int i) {
        if (count < 2) {
            return 0.0;
        }
        double std = Math.sqrt(m2X[i] / count);
        return std > stdFloor * Math.max(1.0, Math.abs(meanX[i])) ? 1.0 / std : 0.0;
    }

    /** The standardized, clipped value of feature i. */
    public double z(int i, float xi) {
        double inv = invStd(i);
        return inv == 0.0 ? 0.0 : clip((xi - meanX[i]) * inv);
    }

    public static double clip(double z) {
        return Math.max(-Z_LIMIT, Math.min(Z_LIMIT, z));
    }

    /** Target scale; 1 while the target has been (near) constant, where z = y - mean = 0 anyway. */
    public double yScale() {
        if (count < 2) {
            return 1.0;
        }
        double std = Math.sqrt(m2Y / count);
        return std > stdFloor * Math.max(1.0, Math.abs(meanY)) ? std : 1.0;
    }

    /** count, the means and M2 sums of the inputs (as double arrays), then the target's mean and M2. */
    public void write(StateWriter out) {
        out.writeLong(count);
        out.writeDoubles(meanX);
        out.writeDoubles(m2X);
        out.writeDouble(meanY);
        out.writeDouble(m2Y);
    }

    public void read(StateReader in) {
        count = in.readLong();
        in.readDoubles(meanX, meanX.length);
        in.readDoubles(m2X, m2X.length);
        meanY = in.readDouble();
        m2Y = in.readDouble();
    }
}
