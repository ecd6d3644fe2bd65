package io.ontobridge.probe.metrics;

import java.util.Arrays;

/** Held-out metrics of a binary (concept present / absent) probe. */
public final class BinaryMetrics {

    /** Bins of {@link #expectedCalibrationError(double[], int[])}. */
    public static final int ECE_BINS = 10;

    private BinaryMetrics() {}

    /**
     * Exact area under the ROC curve: the probability that a random positive scores above a random negative,
     * ties counting one half (Mann-Whitney U with mid-ranks), O(n log n). NaN when either class is absent.
     *
     * @param scores finite scores (any monotone scale)
     * @param labels 0 or 1 per score
     */
    public static double auroc(double[] scores, int[] labels) {
        check(scores, labels);
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        long positives = 0;
        double rankSumPositives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double midRank = (i + j) / 2.0 + 1.0; // 1-based mid-rank of the tie group
            for (int k = i; k <= j; k++)
                if (labels[order[k]] == 1) {
                    positives++;
                    rankSumPositives += midRank;
                }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return Double.NaN;
        double u = rankSumPositives - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }

    /**
     * Expected calibration error with {@value #ECE_BINS} equal-width bins of predicted probability:
     * sum over bins of (bin size / n) * |mean predicted - fraction positive|. A probability of exactly 1 falls in
     * the last bin. NaN for no samples.
     *
     * @param probabilities predicted probabilities in [0, 1]
     * @param labels        0 or 1 per prediction
     */
    public static double expectedCalibrationError(double[] probabilities, int[] labels) {
        return expectedCalibrationError(probabilities, labels, ECE_BINS);
    }

    public static double expectedCalibrationError(double[] probabilities, int[] labels, int bins) {
        check(probabilities, labels);
        if (bins < 1) throw new IllegalArgumentException("bins must be >= 1: " + bins);
        int n = probabilities.length;
        if (n == 0) return Double.NaN;
        double[] sumP = new double[bins];
        double[] sumY = new double[bins];
        long[] cnt = new long[bins];
        for (int i = 0; i < n; i++) {
            double p = probabilities[i];
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probability " + i + " not in [0,1]: " + p);
            int bin = Math.min(bins - 1, (int) (p * bins));
            sumP[bin] += p;
            sumY[bin] += labels[i];
            cnt[bin]++;
        }
        double ece = 0;
        for (int k = 0; k < bins; k++)
            if (cnt[k] > 0) ece += Math.abs(sumP[k] - sumY[k]) / n; // = (cnt/n) * |meanP - fracY|
        return ece;
    }

    /** Fraction of samples with a score at or above the threshold (the predicted-positive rate). */
    public static double positiveRate(double[] scores, double threshold) {
        if (scores.length == 0) return Double.NaN;
        int k = 0;
        for (double s : scores) if (s >= threshold) k++;
        return (double) k / scores.length;
    }

    /** Recall (true-positive rate) at the threshold: positives scored at or above it over all positives. */
    public static double recall(double[] scores, int[] labels, double threshold) {
        check(scores, labels);
        int tp = 0, p = 0;
        for (int i = 0; i < scores.length; i++)
            if (labels[i] == 1) {
                p++;
                if (scores[i] >= threshold) tp++;
            }
        return p == 0 ? Double.NaN : (double) tp / p;
    }

    /** Precision at the threshold; NaN when nothing is predicted positive. */
    public static double precision(double[] scores, int[] labels, double threshold) {
        check(scores, labels);
        int tp = 0, pp = 0;
        for (int i = 0; i < scores.length; i++)
            if (scores[i] >= threshold) {
                pp++;
                if (labels[i] == 1) tp++;
            }
        return pp == 0 ? Double.NaN : (double) tp / pp;
    }

    private static void check(double[] scores, int[] labels) {
        if (scores == null || labels == null) throw new IllegalArgumentException("scores and labels must not be null");
        if (scores.length != labels.length)
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " vs " + labels.length);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) throw new IllegalArgumentException("label " + i + " is not 0/1: " + labels[i]);
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException("score " + i + " is NaN");
        }
    }
}
