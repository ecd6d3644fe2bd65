package io.ontobridge.probe.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PearsonIntervalTest {
    @Test
    void fishersIntervalNarrowsWithMorePairsAndIsWithheldForTooFew() {
        // r = 0.9 over 200 pairs: atanh 1.4722 +- 1.96/sqrt(197) = [1.3326, 1.6119] -> [0.8699, 0.9234].
        PearsonInterval wide = PearsonInterval.of(0.9, 200);
        assertEquals(0.8699, wide.low(), 1e-4);
        assertEquals(0.9234, wide.high(), 1e-4);
        PearsonInterval narrow = PearsonInterval.of(0.9, 2000);
        assertTrue(narrow.low() > wide.low() && narrow.high() < wide.high());
        assertNull(PearsonInterval.of(0.9, 6), "six pairs are too few to judge by");
        assertNull(PearsonInterval.of(Double.NaN, 500));
        assertTrue(PearsonInterval.of(1.0, 50).high() <= 1.0);
        assertEquals("95% CI 0.870 to 0.923", wide.toString());
    }
}
