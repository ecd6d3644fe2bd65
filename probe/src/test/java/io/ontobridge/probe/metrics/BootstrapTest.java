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
        double[] p = new double[300];
        double[] a = new double[300];
        Random r = new Random(4);
        for (int i = 0; i < 300; i++) {
            p[i] = r.nextGaussian();
            a[i] = p[i] + r.nextGaussian();
        }
        Bootstrap.Intervals other = Bootstrap.intervals(p, a, 300, false, Bootstrap.RESAMPLES, 99);
        Bootstrap.Intervals usual = Bootstrap.intervals(p, a, 300, false);
        assertNotEquals(usual.pearson(), other.pearson(), "another seed draws other resamples");
        assertEquals(usual.pearson().low(), other.pearson().low(), 0.02, "...and ends about the same");
    }

    @Test
    void aResamplesAurocIsTheExactAurocOfThoseSamples() {
        // Scores with many ties (rounded to tenths); the counts of a resample against the resample written out.
        Random r = new Random(5);
        int n = 60;
        double[] scores = new double[n];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3) == 0 ? 1 : 0;
            scores[i] = Math.round((labels[i] + r.nextGaussian()) * 10) / 10.0;
        }
        Bootstrap.RankedScores ranked = new Bootstrap.RankedScores(scores, labels, n);
        for (int trial = 0; trial < 50; trial++) {
            int[] counts = new int[n];
            double[] drawnScores = new double[n];
            int[] drawnLabels = new int[n];
            for (int k = 0; k < n; k++) {
                int i = r.nextInt(n);
                counts[i]++;
                drawnScores[k] = scores[i];
                drawnLabels[k] = (int) labels[i];
            }
            double expected = BinaryMetrics.auroc(drawnScores, drawnLabels);
            assertEquals(expected, ranked.auroc(counts), 1e-12, "trial " + trial);
        }
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
