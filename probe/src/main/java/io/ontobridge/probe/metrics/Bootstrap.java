package io.ontobridge.probe.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap of a window's (prediction, actual) pairs: {@link #RESAMPLES} resamples of the n pairs drawn
 * with replacement, each figure (Pearson r, R^2, and for 0/1 actuals AUROC) computed on every resample, and the
 * 2.5% and 97.5% quantiles of those figures as the 95% interval. Unlike Fisher's interval ({@link PearsonInterval})
 * it assumes nothing of the pairs' distribution, and it covers R^2 and AUROC too.
 *
 * <p>Deterministic: every call draws from the same seed, so the same pairs always give the same intervals (a
 * snapshot rebuilt from a restored state says what the first one said). Computed when a snapshot is made, never
 * per sample: {@code RESAMPLES * n} draws each time.
 */
public final class Bootstrap {
    /** Resamples per interval: enough for stable 2.5% and 97.5% quantiles (Efron and Tibshirani suggest 1000+). */
    public static final int RESAMPLES = 1000;
    /** The seed every bootstrap draws from. */
    public static final long SEED = 0x0B5EED5L;
    /** Resamples whose figure is undefined (no spread, one class only) are left out; past this share, no interval. */
    private static final double MAX_UNDEFINED_SHARE = 0.5;
    private static final double ALPHA = 0.05;

    private Bootstrap() {
    }

    /**
     * The 95% intervals of a window's figures.
     *
     * @param predictions the predictions, the first {@code n} of which are used
     * @param actuals     the values they are compared with (0/1 labels for {@code withAuroc})
     * @param withAuroc   whether the actuals are labels and AUROC's interval is wanted too
     * @return the intervals; each null where {@code n < PearsonInterval.MIN_N} or the figure is mostly undefined
     */
    public static Intervals intervals(double[] predictions, double[] actuals, int n, boolean withAuroc) {
        return intervals(predictions, actuals, n, withAuroc, RESAMPLES, SEED);
    }

    /** As {@link #intervals(double[], double[], int, boolean)}, with a resample count and seed of one's own. */
    public static Intervals intervals(double[] predictions, double[] actuals, int n, boolean withAuroc,
                                      int resamples, long seed) {
        if (n < PearsonInterval.MIN_N) {
            return Intervals.NONE;
        }
        // Both centred on the actuals' mean (one shift for both keeps every residual): the sums below then do not
        // lose the spread to cancellation when the values sit far from 0.
        double centre = 0;
        for (int i = 0; i < n; i++) {
            centre += actuals[i] / n;
        }
        double[] ps = new double[n];
        double[] as = new double[n];
        for (int i = 0; i < n; i++) {
            ps[i] = predictions[i] - centre;
            as[i] = actuals[i] - centre;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] pearson = new double[resamples];
        double[] r2 = new double[resamples];
        double[] auroc = withAuroc ? new double[resamples] : null;
        RankedScores ranked = withAuroc ? new RankedScores(predictions, actuals, n) : null;
        int[] counts = withAuroc ? new int[n] : null;
        for (int b = 0; b < resamples; b++) {
            double sp = 0, sa = 0, spp = 0, saa = 0, spa = 0, sse = 0;
            for (int k = 0; k < n; k++) {
                int i = draw(random, n);
                double p = ps[i];
                double a = as[i];
                sp += p;
                sa += a;
                spp += p * p;
                saa += a * a;
                spa += p * a;
                sse += (p - a) * (p - a);
                if (counts != null) {
                    counts[i]++;
                }
            }
            double varP = spp - sp * sp / n;
            double varA = saa - sa * sa / n;
            pearson[b] = varP > 0 && varA > 0 ? (spa - sp * sa / n) / Math.sqrt(varP * varA) : Double.NaN;
            r2[b] = varA > 0 ? 1 - sse / varA : Double.NaN;
            if (ranked != null) {
                auroc[b] = ranked.auroc(counts);
                Arrays.fill(counts, 0);
            }
        }
        return new Intervals(percentile(pearson), percentile(r2), auroc == null ? null : percentile(auroc));
    }

    /** A uniform index below {@code n}: the high half of a 64-bit draw times n (bias below n / 2^32, immaterial). */
    private static int draw(SplittableRandom random, int n) {
        return (int) (((random.nextLong() >>> 32) * n) >>> 32);
    }

    /** The 2.5% and 97.5% quantiles (linear interpolation between order statistics) of the defined figures. */
    static Interval percentile(double[] figures) {
        double[] defined = Arrays.stream(figures).filter(Double::isFinite).sorted().toArray();
        if (defined.length == 0 || defined.length < (1 - MAX_UNDEFINED_SHARE) * figures.length) {
            return null;
        }
        return new Interval(quantile(defined, ALPHA / 2), quantile(defined, 1 - ALPHA / 2));
    }

    private static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The scores sorted once, in groups of equal scores with each pair's label, so that a resample's AUROC is one
     * pass over its counts (Mann-Whitney with ties counting one half, as {@link BinaryMetrics#auroc}), not a sort.
     */
    static final class RankedScores {
        private final int[] order;
        /** Where each group of equal scores starts in {@code order}; one extra entry closes the last. */
        private final int[] groupStart;
        private final boolean[] positive;

        RankedScores(double[] scores, double[] actuals, int n) {
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (x, y) -> Double.compare(scores[x], scores[y]));
            order = new int[n];
            positive = new boolean[n];
            int[] starts = new int[n + 1];
            int groups = 0;
            for (int k = 0; k < n; k++) {
                order[k] = boxed[k];
                positive[k] = actuals[boxed[k]] >= 0.5;
                if (k == 0 || scores[boxed[k]] != scores[boxed[k - 1]]) {
                    starts[groups++] = k;
                }
            }
            starts[groups] = n;
            groupStart = Arrays.copyOf(starts, groups + 1);
        }

        /** AUROC of the resample in which pair i appears {@code counts[i]} times; NaN when a class is absent. */
        double auroc(int[] counts) {
            double negativesBelow = 0;
            double wins = 0;
            double positives = 0;
            for (int g = 0; g + 1 < groupStart.length; g++) {
                double pos = 0;
                double neg = 0;
                for (int k = groupStart[g]; k < groupStart[g + 1]; k++) {
                    int c = counts[order[k]];
                    if (positive[k]) {
                        pos += c;
                    } else {
                        neg += c;
                    }
                }
                wins += pos * (negativesBelow + 0.5 * neg);
                negativesBelow += neg;
                positives += pos;
            }
            return positives == 0 || negativesBelow == 0 ? Double.NaN : wins / (positives * negativesBelow);
        }
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
