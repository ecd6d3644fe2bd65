package io.ontobridge.probe.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The percentile bootstrap: its intervals cover the truth about as often as they say, and narrow with more pairs. */
class BootstrapTest {
    private static final double RHO = 0.7;

    /** n pairs with correlation RHO: prediction x, actual RHO x + sqrt(1 - RHO^2) z. R^2 of x for the actual: 2 RHO - 1. */
    private static FidelityWindow correlated(Random r, int n) {
        FidelityWindow w = new FidelityWindow(n);
        for (int i = 0; i < n; i++) {
            double x = r.nextGaussian();
            w.add(x, RHO * x + Math.sqrt(1 - RHO * RHO) * r.nextGaussian());
        }
        return w;
    }

    /** n (score, label) pairs, label a fair coin, score N(label, 1): AUROC Phi(1 / sqrt 2) = 0.76025. */
    private static FidelityWindow separated(Random r, int n) {
        FidelityWindow w = new FidelityWindow(n);
        for (int i = 0; i < n; i++) {
            int label = r.nextBoolean() ? 1 : 0;
            w.add(label + r.nextGaussian(), label);
        }
        return w;
    }

    @Test
    void theIntervalsCoverTheTrueFiguresAboutAsOftenAsTheySay() {
        Random r = new Random(42);
        int trials = 200;
        int pearsonCovered = 0;
        int r2Covered = 0;
        int aurocCovered = 0;
        for (int t = 0; t < trials; t++) {
            Bootstrap.Intervals regression = correlated(r, 200).bootstrap(false);
            pearsonCovered += regression.pearson().contains(RHO) ? 1 : 0;
            r2Covered += regression.r2().contains(2 * RHO - 1) ? 1 : 0;
            assertNull(regression.auroc(), "not asked for");
            aurocCovered += separated(r, 200).bootstrap(true).auroc().contains(0.76025) ? 1 : 0;
        }
        // 95% intervals over 200 trials: a standard error of 0.015 on the share, so 0.88 is far below a working
        // bootstrap, and 0.995 far above one (an interval too wide to say anything would cover every time).
        for (int covered : new int[]{pearsonCovered, r2Covered, aurocCovered}) {
            double share = covered / (double) trials;
            assertTrue(share >= 0.88 && share <= 0.995, "covered in " + share + " of the trials: " + pearsonCovered
                    + " (Pearson), " + r2Covered + " (R^2), " + aurocCovered + " (AUROC)");
        }
    }

    @Test
    void moreSamplesGiveANarrowerIntervalNearFishers() {
        Random r = new Random(7);
        FidelityWindow few = correlated(r, 100);
        FidelityWindow many = correlated(r, 1000);
        double fewWidth = few.bootstrap(false).pearson().width();
        double manyWidth = many.bootstrap(false).pearson().width();
        // Width goes as 1 / sqrt(n): ten times the pairs, about a third of the width.
        assertTrue(manyWidth < 0.5 * fewWidth, manyWidth + " vs " + fewWidth);
        assertTrue(many.bootstrap(false).r2().width() < 0.5 * few.bootstrap(false).r2().width());
        // For normal pairs Fisher's interval is right too: the two agree.
        PearsonInterval fisher = PearsonInterval.of(many.pearson(), many.size());
        Bootstrap.Interval boot = many.bootstrap(false).pearson();
        assertEquals(fisher.high() - fisher.low(), boot.width(), 0.2 * boot.width());
        assertEquals(fisher.low(), boot.low(), 0.01);
        assertEquals(fisher.high(), boot.high(), 0.01);
    }

    @Test
    void theSamePairsAlwaysGiveTheSameIntervals() {
        FidelityWindow w = separated(new Random(3), 300);
        Bootstrap.Intervals first = w.bootstrap(true);
        assertSame(first, w.bootstrap(true), "kept until the window changes");
        FidelityWindow copy = new FidelityWindow(300);
        copy.copyFrom(w);
        assertEquals(first, copy.bootstrap(true), "recomputed from the same seed: the same figures");
        w.add(0.3, 1);
        assertNotEquals(first, w.bootstrap(true), "a new pair, new intervals");
    }

    @Test
    void intervalsKeptUpToDateAsPairsComeAndGoAreThoseComputedAfresh() {
        // A window of 200 that sees 3000 pairs, asked every 7: its resamples' sums are updated by the changed slots
        // (and rebuilt now and then); a copy of its pairs computes them from nothing.
        FidelityWindow w = new FidelityWindow(200);
        Random r = new Random(9);
        for (int i = 0; i < 3000; i++) {
            double x = 50 + r.nextGaussian();
            w.add(x, x + (i < 1500 ? 2 : 0.5) * r.nextGaussian());
            if (i % 7 == 0) {
                w.bootstrap(i % 2 == 0);
            }
            if (i % 500 == 499) {
                FidelityWindow afresh = new FidelityWindow(200);
                afresh.copyFrom(w);
                Bootstrap.Intervals kept = w.bootstrap(false);
                Bootstrap.Intervals made = afresh.bootstrap(false);
                assertEquals(made.pearson().low(), kept.pearson().low(), 1e-9, "after " + i);
                assertEquals(made.pearson().high(), kept.pearson().high(), 1e-9);
                assertEquals(made.r2().low(), kept.r2().low(), 1e-9);
                assertEquals(made.r2().high(), kept.r2().high(), 1e-9);
            }
        }
    }

    @Test
    void aResamplesAurocIsTheExactAurocOfThoseSamples() {
        // Scores with many ties (rounded to tenths); each resample's AUROC against the resample written out: each
        // pair repeated as many times as its Poisson count.
        Random r = new Random(5);
        int n = 60;
        double[] scores = new double[n];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3) == 0 ? 1 : 0;
            scores[i] = Math.round((labels[i] + r.nextGaussian()) * 10) / 10.0;
        }
        double[] auroc = WindowBootstrap.auroc(scores, labels, n);
        for (int b = 0; b < 50; b++) {
            java.util.List<Double> drawnScores = new java.util.ArrayList<>();
            java.util.List<Integer> drawnLabels = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < PoissonWeights.column(i)[b]; c++) {
                    drawnScores.add(scores[i]);
                    drawnLabels.add((int) labels[i]);
                }
            }
            double expected = BinaryMetrics.auroc(drawnScores.stream().mapToDouble(Double::doubleValue).toArray(),
                    drawnLabels.stream().mapToInt(Integer::intValue).toArray());
            assertEquals(expected, auroc[b], 1e-12, "resample " + b);
        }
    }

    @Test
    void theResamplingWeightsArePoissonOne() {
        double sum = 0;
        double squares = 0;
        int zeros = 0;
        int cells = 0;
        for (int slot = 0; slot < 300; slot++) {
            for (float c : PoissonWeights.column(slot)) {
                sum += c;
                squares += c * c;
                zeros += c == 0 ? 1 : 0;
                cells++;
            }
        }
        double mean = sum / cells;
        assertEquals(1.0, mean, 0.01);
        assertEquals(1.0, squares / cells - mean * mean, 0.02, "variance");
        assertEquals(Math.exp(-1), zeros / (double) cells, 0.005, "P(0)");
        // Independent across slots: not even one column shifted by a draw against the next (seeded one step of
        // SplittableRandom's gamma apart, they once were).
        for (int lag = 0; lag <= 1; lag++) {
            double c = correlation(PoissonWeights.column(10), PoissonWeights.column(11), lag);
            assertTrue(Math.abs(c) < 0.1, "slots 10 and 11 at lag " + lag + ": r " + c);
        }
        assertEquals(PoissonWeights.column(PoissonWeights.CACHED_SLOTS + 5)[7],
                PoissonWeights.column(PoissonWeights.CACHED_SLOTS + 5)[7], "made anew, the same");
    }

    @Test
    void theQuantilesBySelectionAreThoseOfTheSortedFigures() {
        Random r = new Random(10);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + r.nextInt(1200);
            double[] values = new double[m];
            for (int i = 0; i < m; i++) {
                values[i] = trial % 2 == 0 ? r.nextGaussian() : r.nextInt(5); // with many ties, every other trial
            }
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            for (double q : new double[]{0.025, 0.5, 0.975, 0, 1}) {
                double h = (m - 1) * q;
                int lo = (int) Math.floor(h);
                double expected = sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, m - 1)] - sorted[lo]);
                assertEquals(expected, Bootstrap.quantile(values.clone(), m, q), 1e-12, "m " + m + ", q " + q);
            }
        }
    }

    /** Pearson r of x[b + lag] and y[b]. */
    private static double correlation(float[] x, float[] y, int lag) {
        FidelityWindow w = new FidelityWindow(x.length);
        for (int b = 0; b + lag < x.length; b++) {
            w.add(x[b + lag], y[b]);
        }
        return w.pearson();
    }

    @Test
    void tooFewPairsOrNoSpreadGiveNoInterval() {
        FidelityWindow few = correlated(new Random(6), PearsonInterval.MIN_N - 1);
        assertSame(Bootstrap.Intervals.NONE, few.bootstrap(true));
        FidelityWindow flat = new FidelityWindow(50);
        for (int i = 0; i < 50; i++) {
            flat.add(i, 1.0);
        }
        Bootstrap.Intervals none = flat.bootstrap(true);
        assertNull(none.pearson(), "the actuals never vary");
        assertNull(none.r2());
        assertNull(none.auroc(), "one class only");
        FidelityWindow constant = new FidelityWindow(50);
        Random noise = new Random(11);
        for (int i = 0; i < 50; i++) {
            constant.add(0.3, 7 + noise.nextGaussian()); // a probe that says one value, off the actuals' mean
        }
        assertNull(constant.bootstrap(false).pearson(), "no spread in the predictions: no r, not rounding noise");
        assertTrue(constant.bootstrap(false).r2().high() < -10, "R^2 is defined: far worse than the mean");
        // Far from 0, the same figures: the sums are taken about the mean, so the spread is not lost to rounding.
        Random r = new Random(8);
        double[] p = new double[200];
        double[] a = new double[200];
        double[] farP = new double[200];
        double[] farA = new double[200];
        for (int i = 0; i < 200; i++) {
            p[i] = r.nextGaussian();
            a[i] = RHO * p[i] + r.nextGaussian();
            farP[i] = 1e6 + p[i];
            farA[i] = 1e6 + a[i];
        }
        Bootstrap.Intervals near = Bootstrap.intervals(p, a, 200, false);
        Bootstrap.Intervals far = Bootstrap.intervals(farP, farA, 200, false);
        assertEquals(near.pearson().low(), far.pearson().low(), 1e-6);
        assertEquals(near.r2().high(), far.r2().high(), 1e-6);
    }
}
