package io.ontobridge.probe.metrics;

import java.util.Arrays;

/**
 * The bootstrap of one window ({@link Bootstrap}), kept up to date between calls: each resample's weighted sums
 * (of the predictions, the actuals, their squares and product, the squared residuals) are held, and a call only
 * takes out and puts in the slots whose pairs changed since the last. A window of 200 pairs that took 10 new ones
 * costs 10 weight columns, not 200 000 draws, which is what lets the trainer give intervals on every snapshot.
 * AUROC (ranks, not sums) is computed afresh each call, one pass over the sorted pairs for all resamples at once.
 *
 * <p>The sums are taken about a shift fixed when they are rebuilt (the actuals' mean then), so values far from 0
 * keep their spread; they are rebuilt from the pairs after {@value #REBUILD_AFTER} window-sizes of changes, so
 * rounding cannot pile up: the same pairs give the same intervals up to rounding (1e-12), whatever came before.
 * Not thread-safe.
 */
final class WindowBootstrap {
    /** Full turnovers of the window between rebuilds of the sums. */
    static final int REBUILD_AFTER = 8;
    private static final int B = Bootstrap.RESAMPLES;

    private double[] heldPredictions = new double[0];
    private double[] heldActuals = new double[0];
    private int held;
    private long changesSinceRebuild;
    private double shift;
    /** Per resample: the weight, then sums of w p, w a, w p^2, w a^2, w p a, w (p - a)^2 (p, a less the shift). */
    private final double[] weight = new double[B];
    private final double[] sumP = new double[B];
    private final double[] sumA = new double[B];
    private final double[] sumPP = new double[B];
    private final double[] sumAA = new double[B];
    private final double[] sumPA = new double[B];
    private final double[] sumEE = new double[B];

    /** The intervals of the first {@code n} pairs. */
    Bootstrap.Intervals intervals(double[] predictions, double[] actuals, int n, boolean withAuroc) {
        if (n < PearsonInterval.MIN_N) {
            return Bootstrap.Intervals.NONE;
        }
        if (n < held || changesSinceRebuild > (long) REBUILD_AFTER * n || heldPredictions.length < n) {
            rebuild(predictions, actuals, n);
        }
        for (int slot = 0; slot < n; slot++) {
            if (slot >= held) {
                replace(slot, 0, Double.NaN, predictions[slot], actuals[slot]);
            } else if (heldPredictions[slot] != predictions[slot] || heldActuals[slot] != actuals[slot]) {
                replace(slot, heldPredictions[slot], heldActuals[slot], predictions[slot], actuals[slot]);
                changesSinceRebuild++;
            }
            heldPredictions[slot] = predictions[slot];
            heldActuals[slot] = actuals[slot];
        }
        held = n;
        double[] pearson = new double[B];
        double[] r2 = new double[B];
        for (int b = 0; b < B; b++) {
            double w = weight[b];
            // A spread below rounding (a probe that predicts one value) is none: the figure is undefined, as the
            // window's own is, not a ratio of rounding errors.
            double varP = spread(sumPP[b], sumP[b], w);
            double varA = spread(sumAA[b], sumA[b], w);
            pearson[b] = varP > 0 && varA > 0 ? (sumPA[b] - sumP[b] * sumA[b] / w) / Math.sqrt(varP * varA) : Double.NaN;
            r2[b] = varA > 0 ? 1 - sumEE[b] / varA : Double.NaN;
        }
        return new Bootstrap.Intervals(Bootstrap.percentile(pearson), Bootstrap.percentile(r2),
                withAuroc ? Bootstrap.percentile(auroc(predictions, actuals, n)) : null);
    }

    /** The weighted sum of squared deviations from the sums, or 0 where it is within rounding of 0 (or w < 3). */
    private static double spread(double sumSquares, double sum, double w) {
        double spread = sumSquares - sum * sum / w;
        return w >= 3 && spread > 1e-10 * sumSquares ? spread : 0;
    }

    private void rebuild(double[] predictions, double[] actuals, int n) {
        heldPredictions = new double[predictions.length];
        heldActuals = new double[predictions.length];
        held = 0;
        changesSinceRebuild = 0;
        shift = 0;
        for (int i = 0; i < n; i++) {
            shift += actuals[i] / n;
        }
        for (double[] sums : new double[][]{weight, sumP, sumA, sumPP, sumAA, sumPA, sumEE}) {
            Arrays.fill(sums, 0);
        }
    }

    /**
     * Takes a slot's old pair out of every resample's sums and puts its new one in, in one pass; an old actual of
     * NaN: the slot was empty.
     */
    private void replace(int slot, double oldPrediction, double oldActual, double prediction, double actual) {
        float[] counts = PoissonWeights.column(slot);
        boolean wasEmpty = Double.isNaN(oldActual);
        double p = prediction - shift;
        double a = actual - shift;
        double e = prediction - actual;
        double op = wasEmpty ? 0 : oldPrediction - shift;
        double oa = wasEmpty ? 0 : oldActual - shift;
        double oe = wasEmpty ? 0 : oldPrediction - oldActual;
        double fw = wasEmpty ? 1 : 0;
        double fp = p - op;
        double fa = a - oa;
        double fpp = p * p - op * op;
        double faa = a * a - oa * oa;
        double fpa = p * a - op * oa;
        double fee = e * e - oe * oe;
        for (int b = 0; b < B; b++) {
            double c = counts[b];
            weight[b] += c * fw;
            sumP[b] += c * fp;
            sumA[b] += c * fa;
            sumPP[b] += c * fpp;
            sumAA[b] += c * faa;
            sumPA[b] += c * fpa;
            sumEE[b] += c * fee;
        }
    }

    /**
     * Each resample's AUROC of the predictions against the actuals as 0/1 labels (at least 0.5 is 1), ties counting
     * one half as in {@link BinaryMetrics#auroc}: the pairs sorted once, then every resample's Mann-Whitney count
     * built up group of equal predictions by group. NaN where a resample lacks a class.
     */
    static double[] auroc(double[] predictions, double[] actuals, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(predictions[x], predictions[y]));
        double[] negativesBelow = new double[B];
        double[] positives = new double[B];
        double[] wins = new double[B];
        double[] groupPositives = new double[B];
        double[] groupNegatives = new double[B];
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && predictions[order[end]] == predictions[order[start]]) {
                end++;
            }
            Arrays.fill(groupPositives, 0);
            Arrays.fill(groupNegatives, 0);
            for (int k = start; k < end; k++) {
                float[] counts = PoissonWeights.column(order[k]);
                double[] into = actuals[order[k]] >= 0.5 ? groupPositives : groupNegatives;
                for (int b = 0; b < B; b++) {
                    into[b] += counts[b];
                }
            }
            for (int b = 0; b < B; b++) {
                wins[b] += groupPositives[b] * (negativesBelow[b] + 0.5 * groupNegatives[b]);
                negativesBelow[b] += groupNegatives[b];
                positives[b] += groupPositives[b];
            }
            start = end;
        }
        double[] auroc = new double[B];
        for (int b = 0; b < B; b++) {
            auroc[b] = positives[b] > 0 && negativesBelow[b] > 0 ? wins[b] / (positives[b] * negativesBelow[b])
                    : Double.NaN;
        }
        return auroc;
    }
}
