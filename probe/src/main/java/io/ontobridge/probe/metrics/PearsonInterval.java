package io.ontobridge.probe.metrics;

/**
 * A 95% confidence interval for a Pearson correlation over {@code n} pairs, by Fisher's z transform:
 * {@code tanh(atanh(r) +- 1.96 / sqrt(n - 3))}. Below {@link #MIN_N} pairs a figure is too noisy to judge by (a
 * per-mode R^2 of -12.8 over 6 samples was printed as if it meant something), and no interval is given.
 */
public record PearsonInterval(double low, double high) {
    /** Fewer pairs than this: the interval spans most of [-1, 1] and the figure is reported as too few. */
    public static final int MIN_N = 20;
    private static final double Z_95 = 1.959963984540054;

    /** The interval, or null when {@code n < MIN_N} or {@code r} is not a finite correlation. */
    public static PearsonInterval of(double r, long n) {
        if (n < MIN_N || !(Math.abs(r) <= 1)) {
            return null;
        }
        double z = 0.5 * Math.log((1 + Math.min(r, 1 - 1e-12)) / (1 - Math.max(r, -1 + 1e-12)));
        double half = Z_95 / Math.sqrt(n - 3);
        return new PearsonInterval(Math.tanh(z - half), Math.tanh(z + half));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "95%% CI %.3f to %.3f", low, high);
    }
}
