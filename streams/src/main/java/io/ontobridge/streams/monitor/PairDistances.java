package io.ontobridge.streams.monitor;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * The distances between pairs of scored samples, for the automatic grouping radius: each observed sample is paired
 * with the one observed {@code lag} samples earlier (so neighbouring samples of a sweep do not pair), and the
 * distance goes into an exponentially decayed histogram with log-spaced bins ({@value #BINS_PER_DECADE} per decade
 * over [1e-3, 1e3) RMS units, the ends clamped; half-life {@code halfLife} observations), so its quantiles follow
 * the target as it changes and are deterministic.
 */
final class PairDistances {
    /** How far apart two samples are (the groups' standardized RMS distance, as it stands now). */
    @FunctionalInterface
    interface Distance {
        double between(float[] a, float[] b);
    }

    static final int BINS_PER_DECADE = 20;
    private static final double LOG10_MIN = -3; // histogram covers [1e-3, 1e3) RMS units, ends clamp
    static final int BINS = 6 * BINS_PER_DECADE;

    private final int dim;
    private final float[][] ring;
    private int ringFilled;
    private int ringPos;
    private final double[] hist = new double[BINS];
    private double histWeight;
    private final double decay;

    PairDistances(int dim, int lag, int halfLife) {
        this.dim = dim;
        this.ring = new float[lag][dim];
        this.decay = Math.pow(0.5, 1.0 / halfLife);
    }

    /**
     * Takes in one observed sample: once the ring is full and {@code record} holds, its distance to the sample
     * {@code lag} observations earlier joins the histogram; then it takes that sample's place in the ring.
     */
    void observe(float[] x, boolean record, Distance distance) {
        int lag = ring.length;
        if (ringFilled == lag) {
            if (record) {
                add(distance.between(x, ring[ringPos]));
            }
        } else {
            ringFilled++;
        }
        System.arraycopy(x, 0, ring[ringPos], 0, dim);
        ringPos = (ringPos + 1) % lag;
    }

    private void add(double d) {
        for (int b = 0; b < BINS; b++) {
            hist[b] *= decay;
        }
        histWeight *= decay;
        int bin;
        if (!(d > 0)) {
            bin = 0;
        } else {
            bin = (int) Math.floor((Math.log10(d) - LOG10_MIN) * BINS_PER_DECADE);
            bin = Math.max(0, Math.min(BINS - 1, bin));
        }
        hist[bin] += 1;
        histWeight += 1;
    }

    /** The decayed number of pairs seen. */
    double weight() {
        return histWeight;
    }

    /** The {@code q} quantile of recent distances between pairs, interpolated within its bin; NaN before any pair. */
    double quantile(double q) {
        if (histWeight <= 0) {
            return Double.NaN;
        }
        double target = q * histWeight;
        double cum = 0;
        for (int b = 0; b < BINS; b++) {
            double next = cum + hist[b];
            if (next >= target && hist[b] > 0) {
                double frac = (target - cum) / hist[b];
                return Math.pow(10, LOG10_MIN + (b + frac) / BINS_PER_DECADE);
            }
            cum = next;
        }
        return Math.pow(10, LOG10_MIN + (double) BINS / BINS_PER_DECADE);
    }

    /** The ring's fill and next slot, its filled rows, then the histogram's weight and bins. */
    void write(StateWriter out) {
        out.writeInt(ringFilled);
        out.writeInt(ringPos);
        for (int k = 0; k < ringFilled; k++) {
            out.writeFloats(ring[k]);
        }
        out.writeDouble(histWeight);
        out.writeDoubles(hist);
    }

    void read(StateReader in) {
        ringFilled = in.readInt();
        ringPos = in.readInt();
        int lag = ring.length;
        if (ringFilled < 0 || ringFilled > lag || ringPos < 0 || ringPos >= lag) {
            throw new IllegalArgumentException("corrupt pair ring");
        }
        for (int k = 0; k < ringFilled; k++) {
            in.readFloats(ring[k], dim);
        }
        histWeight = in.readDouble();
        in.readDoubles(hist, BINS);
    }

    /** Serialized size in bytes, for a buffer's size hint. */
    int sizeHint() {
        return 8 + 4 * dim * ringFilled + 8 + 8 * BINS;
    }
}
