package io.ontobridge.probe.learn;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * Welford's running mean and variance of every component of a stream of vectors, in double so long streams do not
 * drift. The probes standardize their inputs with it ({@link RunningStats}), and the monitor its distances between
 * activations.
 */
public final class RunningMoments {
    private long count;
    private final double[] mean;
    private final double[] m2;

    public RunningMoments(int dimension) {
        this.mean = new double[dimension];
        this.m2 = new double[dimension];
    }

    /** Takes in one vector (at least {@link #dimension()} long; its first components are read). */
    public void update(float[] x) {
        count++;
        for (int i = 0; i < mean.length; i++) {
            double delta = x[i] - mean[i];
            mean[i] += delta / count;
            m2[i] += delta * (x[i] - mean[i]);
        }
    }

    public int dimension() {
        return mean.length;
    }

    /** Vectors taken in. */
    public long count() {
        return count;
    }

    public double mean(int i) {
        return mean[i];
    }

    /** The population variance of component i, M2 / count (NaN before anything was taken in). */
    public double variance(int i) {
        return m2[i] / count;
    }

    /** The count, then the means and the M2 sums (as double arrays). */
    public void write(StateWriter out) {
        out.writeLong(count);
        out.writeDoubles(mean);
        out.writeDoubles(m2);
    }

    public void read(StateReader in) {
        count = in.readLong();
        in.readDoubles(mean, mean.length);
        in.readDoubles(m2, m2.length);
    }
}
