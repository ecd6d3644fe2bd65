package io.ontobridge.probe.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bulk figures: the window with its worst-fitted share set aside. */
class FidelityWindowBulkTest {

    @Test
    void settingAsideAFewLargeErrorsRestoresTheFitOfTheRest() {
        FidelityWindow window = new FidelityWindow(1000);
        Random r = new Random(1);
        for (int i = 0; i < 1000; i++) {
            double actual = r.nextGaussian();
            double prediction = actual + 0.1 * r.nextGaussian() + (i % 20 == 0 ? 5 : 0); // 5% badly off
            window.add(prediction, actual);
        }
        FidelityWindow.Bulk bulk = window.bulk(0.1);
        assertTrue(window.pearson() < 0.7, "the whole window: r " + window.pearson());
        assertTrue(bulk.pearson() > 0.99, "the rest: r " + bulk.pearson());
        assertTrue(bulk.r2() > 0.98, "the rest: R^2 " + bulk.r2());
        assertTrue(bulk.asideErrorShare() > 0.99, "the set-aside tenth holds the error: " + bulk.asideErrorShare());
    }

    @Test
    void gaussianErrorsAreSpreadAndTooSmallAWindowHasNoBulk() {
        FidelityWindow window = new FidelityWindow(20000);
        Random r = new Random(2);
        for (int i = 0; i < 20000; i++) {
            double actual = r.nextGaussian();
            window.add(actual + r.nextGaussian(), actual);
        }
        // The largest tenth of |N(0,1)| holds 2 (1.645 phi(1.645) + Q(1.645)) = 0.44 of its square.
        assertEquals(0.44, window.bulk(0.1).asideErrorShare(), 0.01);
        FidelityWindow tiny = new FidelityWindow(10);
        tiny.add(1, 1);
        tiny.add(2, 2);
        assertTrue(Double.isNaN(tiny.bulk(0.1).pearson()));
    }
}
