package io.ontobridge.probe.metrics;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class BinaryMetricsTest {

    @Test
    void aurocOfPerfectReversedRandomAndTiedScores() {
        double[] s = {0.1, 0.2, 0.3, 0.7, 0.8, 0.9};
        int[] y = {0, 0, 0, 1, 1, 1};
        assertEquals(1.0, BinaryMetrics.auroc(s, y));
        assertEquals(0.0, BinaryMetrics.auroc(s, new int[] {1, 1, 1, 0, 0, 0}));
        assertEquals(0.5, BinaryMetrics.auroc(new double[] {0.4, 0.4, 0.4, 0.4}, new int[] {0, 1, 0, 1}));
        // Partial ties: positives {0.5, 0.9}, negatives {0.5, 0.1}: pairs (0.5,0.5)=1/2, others 1 -> 3.5/4.
        assertEquals(0.875, BinaryMetrics.auroc(new double[] {0.5, 0.9, 0.5, 0.1}, new int[] {1, 1, 0, 0}), 1e-12);
        assertTrue(Double.isNaN(BinaryMetrics.auroc(new double[] {1, 2}, new int[] {1, 1})));

        Random r = new Random(4);
        int n = 20000;
        double[] rs = new double[n];
        int[] ry = new int[n];
        for (int i = 0; i < n; i++) {
            rs[i] = r.nextDouble();
            ry[i] = r.nextBoolean() ? 1 : 0;
        }
        double random = BinaryMetrics.auroc(rs, ry);
        // Agrees with the O(n^2) pair count on a smaller sample, including ties from rounding.
        int m = 600;
        double[] small = new double[m];
        int[] smallY = new int[m];
        double pairs = 0, wins = 0;
        for (int i = 0; i < m; i++) {
            small[i] = Math.round(rs[i] * 20) / 20.0;
            smallY[i] = ry[i];
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                if (smallY[i] == 1 && smallY[j] == 0) {
                    pairs++;
                    wins += small[i] > small[j] ? 1 : small[i] == small[j] ? 0.5 : 0;
                }
        System.out.printf(Locale.ROOT, "random scores AUROC %.4f; pair count %.6f vs rank %.6f%n",
                random, wins / pairs, BinaryMetrics.auroc(small, smallY));
        assertEquals(0.5, random, 0.02);
        assertEquals(wins / pairs, BinaryMetrics.auroc(small, smallY), 1e-12);
    }

    @Test
    void eceOfCalibratedAndMiscalibratedScores() {
        Random r = new Random(8);
        int n = 50000;
        double[] p = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = r.nextDouble();
            y[i] = r.nextDouble() < p[i] ? 1 : 0;
        }
        double calibrated = BinaryMetrics.expectedCalibrationError(p, y);
        double[] over = new double[n];
        for (int i = 0; i < n; i++) over[i] = Math.min(1, 0.2 + p[i]); // over-confident by about 0.2
        double miscalibrated = BinaryMetrics.expectedCalibrationError(over, y);
        System.out.printf(Locale.ROOT, "ECE calibrated %.4f, shifted by +0.2 %.4f%n", calibrated, miscalibrated);
        assertEquals(0.0, calibrated, 0.01);
        assertTrue(miscalibrated > 0.15 && miscalibrated < 0.21, "shifted " + miscalibrated);
        // Exact small case: bin [0.9, 1] holds 0.9 and 1.0 (mean 0.95) with one positive of two: |0.95 - 0.5|*2/4
        // = 0.225; bin [0.1, 0.2) holds 0.1, 0.1 (mean 0.1) with no positive: 0.1*2/4 = 0.05.
        assertEquals(0.275, BinaryMetrics.expectedCalibrationError(
                new double[] {0.9, 1.0, 0.1, 0.1}, new int[] {1, 0, 0, 0}), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> BinaryMetrics.expectedCalibrationError(new double[] {1.5}, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.auroc(new double[] {1}, new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.auroc(new double[] {1}, new int[] {1, 0}));
    }

    @Test
    void ratesAtThreshold() {
        double[] s = {0.2, 0.6, 0.4, 0.9};
        int[] y = {0, 1, 1, 0};
        assertEquals(0.5, BinaryMetrics.positiveRate(s, 0.5));
        assertEquals(0.5, BinaryMetrics.recall(s, y, 0.5));
        assertEquals(0.5, BinaryMetrics.precision(s, y, 0.5));
        assertEquals(1.0, BinaryMetrics.recall(s, y, 0.0));
    }
}
