package io.ontobridge.probe.metrics;

/**
 * Percentile bootstrap of a window's (prediction, actual) pairs: {@link #RESAMPLES} resamples of the pairs, each
 * figure (Pearson r, R^2, and for 0/1 actuals AUROC) computed on every resample, and the 2.5% and 97.5% quantiles of
 * those figures as the 95% interval. Unlike Fisher's interval ({@link PearsonInterval}) it assumes nothing of the
 * pairs' distribution, and it covers R^2 and AUROC too.
 *
 * <p>The resamples are Poisson ones ({@link PoissonWeights}): each pair is taken an independent Poisson(1) number
 * of times, from one fixed seed, so the same pairs always give the same intervals (a snapshot rebuilt from a
 * restored state says what the first one said), and a window's resamples can be kept up to date as its pairs
 * change ({@link WindowBootstrap}, which {@link FidelityWindow#bootstrap} uses): computed when a snapshot is made,
 * never per sample.
 */
public final class Bootstrap {
    /** Resamples per interval: enough for stable 2.5% and 97.5% quantiles (Efron and Tibshirani suggest 1000+). */
    public static final int RESAMPLES = 1000;
    /** The seed every resample's weights come from. */
    public static final long SEED = 0x0B5EED5L;
    /** Resamples whose figure is undefined (no spread, one class only) are left out; past this share, no interval. */
    private static final double MAX_UNDEFINED_SHARE = 0.5;
    private static final double ALPHA = 0.05;

    private Bootstrap() {
    }

    /**
     * The 95% intervals of the first {@code n} pairs' figures, computed afresh.
     *
     * @param withAuroc whether the actuals are 0/1 labels and AUROC's interval is wanted too
     * @return the intervals; each null where {@code n < PearsonInterval.MIN_N} or the figure is mostly undefined
     */
    public static Intervals intervals(double[] predictions, double[] actuals, int n, boolean withAuroc) {
        return new WindowBootstrap().intervals(predictions, actuals, n, withAuroc);
    }

    /**
     * The 2.5% and 97.5% quantiles (linear interpolation between order statistics, as R's default) of the defined
     * figures; found by selection, not a sort: a snapshot asks for several, and sorting was most of their cost.
     */
    static Interval percentile(double[] figures) {
        double[] defined = new double[figures.length];
        int m = 0;
        for (double f : figures) {
            if (Double.isFinite(f)) {
                defined[m++] = f;
            }
        }
        if (m == 0 || m < (1 - MAX_UNDEFINED_SHARE) * figures.length) {
            return null;
        }
        return new Interval(quantile(defined, m, ALPHA / 2), quantile(defined, m, 1 - ALPHA / 2));
    }

    /** The q quantile of the first m values (reordered in place). */
    static double quantile(double[] values, int m, double q) {
        double h = (m - 1) * q;
        int lo = (int) Math.floor(h);
        double low = select(values, m, lo);
        if (lo + 1 >= m) {
            return low;
        }
        double next = Double.POSITIVE_INFINITY; // after the selection, the (lo + 1)-th is the least of the rest
        for (int i = lo + 1; i < m; i++) {
            next = Math.min(next, values[i]);
        }
        return low + (h - lo) * (next - low);
    }

    /** Hoare's selection: the k-th smallest of the first m values, with the smaller before it, the larger after. */
    private static double select(double[] v, int m, int k) {
        int left = 0;
        int right = m - 1;
        while (left < right) {
            double pivot = v[(left + right) >>> 1];
            int i = left;
            int j = right;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = v[i];
                    v[i++] = v[j];
                    v[j--] = t;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                break; // v[k] equals the pivot, in place
            }
        }
        return v[k];
    }

    /** A 95% interval of one figure. */
    public record Interval(double low, double high) {
        public boolean contains(double value) {
            return value >= low && value <= high;
        }

        public double width() {
            return high - low;
        }
    }

    /**
     * The 95% intervals of a window's figures, each null where it is not given.
     *
     * @param pearson Pearson r's
     * @param r2      R^2's (for 0/1 actuals the Brier skill score's)
     * @param auroc   AUROC's, only where asked for
     */
    public record Intervals(Interval pearson, Interval r2, Interval auroc) {
        /** No intervals: too few pairs. */
        public static final Intervals NONE = new Intervals(null, null, null);
    }
}
