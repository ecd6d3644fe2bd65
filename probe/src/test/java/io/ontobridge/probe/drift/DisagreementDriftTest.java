package io.ontobridge.probe.drift;

import io.ontobridge.probe.ProbeStatus;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisagreementDriftTest {
    private static final int WINDOW = 200;
    /** A quantile at 0.99 of the latest 200 held-out residuals. */
    private static final DisagreementDrift.Settings SETTINGS = new DisagreementDrift.Settings(WINDOW, 0.01);

    /** Held-out samples seen by the probe after {@code seen} samples: one in ten, past the second window. */
    private static long heldOut(long seen) {
        return 2 * WINDOW + seen / 10;
    }

    /** Feeds {@code n} judged samples flagged with probability {@code p}; the first change found, or null. */
    private static DisagreementDrift.Change feed(DisagreementDrift watch, Random random, int n, double p, long[] seen) {
        DisagreementDrift.Change first = null;
        for (int i = 0; i < n; i++) {
            seen[0]++;
            DisagreementDrift.Change change = watch.observe(random.nextDouble() < p, seen[0], ProbeStatus.MAPPED,
                    heldOut(seen[0]), SETTINGS);
            if (first == null) {
                first = change;
            }
        }
        return first;
    }

    @Test
    void aSteadyRateRaisesNothing() {
        DisagreementDrift watch = new DisagreementDrift();
        assertNull(feed(watch, new Random(1), 50_000, 0.01, new long[1]));
        assertNull(watch.drift());
        assertEquals(0, watch.rises());
        assertEquals(0.01, watch.rate(), 0.003);
        assertEquals(50_000, watch.width());
    }

    @Test
    void aRiseRaisesTheDriftWithTheRatesBeforeAndAfterUntilTheHeldOutWindowTurnsOver() {
        DisagreementDrift watch = new DisagreementDrift();
        Random random = new Random(2);
        long[] seen = {0};
        feed(watch, random, 5000, 0.01, seen);
        DisagreementDrift.Change change = feed(watch, random, 300, 0.25, seen);
        assertNotNull(change);
        assertEquals(DisagreementDrift.Kind.RISE, change.kind());
        DisagreementDrift.Drift drift = watch.drift();
        assertNotNull(drift);
        assertEquals(0.01, drift.rateBefore(), 0.006);
        assertTrue(drift.rateAfter() > 0.12, drift.toString());
        assertTrue(drift.detectedAtSample() > 5000 && drift.detectedAtSample() <= 5300, drift.toString());
        assertEquals(drift.detectedAtSample(), drift.window(), "with no change before, the window held every judged sample");
        assertTrue(drift.samplesAfter() < 300, drift.toString());
        assertEquals(ProbeStatus.MAPPED, drift.figures());
        assertEquals(1, watch.rises());

        long heldOut = drift.heldOutSeen();
        assertFalse(watch.settle(ProbeStatus.MAPPED, heldOut + WINDOW - 1, SETTINGS), "the window has not turned over");
        assertNotNull(watch.drift());
        assertTrue(watch.settle(ProbeStatus.MAPPED, heldOut + WINDOW, SETTINGS));
        assertNull(watch.drift());
        assertFalse(watch.settle(ProbeStatus.MAPPED, heldOut + WINDOW, SETTINGS), "nothing left to clear");
    }

    @Test
    void theFiguresMovingClearTheDrift() {
        DisagreementDrift watch = new DisagreementDrift();
        Random random = new Random(3);
        long[] seen = {0};
        feed(watch, random, 3000, 0.01, seen);
        assertNotNull(feed(watch, random, 300, 0.3, seen));
        assertFalse(watch.settle(ProbeStatus.MAPPED, watch.drift().heldOutSeen() + 1, SETTINGS));
        assertTrue(watch.settle(ProbeStatus.PARTLY_MAPPED, watch.drift().heldOutSeen() + 1, SETTINGS),
                "partly-mapped says what the drift did");
        assertNull(watch.drift());
    }

    @Test
    void aRiseWithinTheThresholdsOwnSwingsIsMinorAndRaisesNothing() {
        DisagreementDrift watch = new DisagreementDrift();
        Random random = new Random(6);
        long[] seen = {0};
        feed(watch, random, 5000, 0.005, seen);
        // 0.5% to 4%: what a threshold re-estimated from a few residuals does to a steady probe now and then.
        DisagreementDrift.Change change = feed(watch, random, 3000, 0.04, seen);
        assertNotNull(change, "ADWIN finds it");
        assertEquals(DisagreementDrift.Kind.MINOR_RISE, change.kind());
        assertTrue(change.cut().rising());
        assertNull(watch.drift());
        assertEquals(0, watch.rises());
        assertTrue(watch.minorRises() >= 1);
    }

    @Test
    void aRiseIsMeasuredFromTheCalibratedShareWhenThatIsHigher() {
        DisagreementDrift watch = new DisagreementDrift();
        Random random = new Random(7);
        long[] seen = {0};
        feed(watch, random, 5000, 0.0, seen);
        // From nothing flagged to 5.5%: 5.5 points over the older part, but only 4.5 over the calibrated 1%.
        DisagreementDrift.Change change = feed(watch, random, 1000, 0.055, seen);
        assertNotNull(change);
        assertEquals(DisagreementDrift.Kind.MINOR_RISE, change.kind());
    }

    @Test
    void nothingIsTakenInBeforeTheSecondHeldOutWindow() {
        DisagreementDrift watch = new DisagreementDrift();
        Random random = new Random(8);
        for (int i = 0; i < 3990; i++) {
            // The threshold still holds the first steps' residuals: nothing flagged, then the calibrated share.
            assertNull(watch.observe(i >= 2000 && random.nextDouble() < 0.2, i, ProbeStatus.MAPPED, i / 10, SETTINGS));
        }
        assertEquals(0, watch.width());
        assertFalse(watch.watching(2 * WINDOW - 1, SETTINGS));
        assertTrue(watch.watching(2 * WINDOW, SETTINGS));
        watch.observe(true, 4000, ProbeStatus.MAPPED, 2 * WINDOW, SETTINGS);
        assertEquals(1, watch.width());
    }

    @Test
    void aFallIsCountedButRaisesNothing() {
        DisagreementDrift watch = new DisagreementDrift();
        Random random = new Random(4);
        long[] seen = {0};
        feed(watch, random, 3000, 0.3, seen);
        DisagreementDrift.Change change = feed(watch, random, 2000, 0.01, seen);
        assertNotNull(change);
        assertEquals(DisagreementDrift.Kind.FALL, change.kind());
        assertFalse(change.cut().rising());
        assertNull(watch.drift());
        assertEquals(0, watch.rises());
        assertTrue(watch.falls() >= 1);
    }

    @Test
    void stateRoundTripsWithADriftHeldAndGoesOnAlike() {
        DisagreementDrift watch = new DisagreementDrift();
        Random random = new Random(5);
        long[] seen = {0};
        feed(watch, random, 3000, 0.02, seen);
        feed(watch, random, 300, 0.4, seen);
        assertNotNull(watch.drift());
        byte[] bytes = watch.toBytes();
        DisagreementDrift copy = DisagreementDrift.fromBytes(bytes);
        assertArrayEquals(bytes, copy.toBytes());
        assertEquals(watch.drift(), copy.drift());
        for (int i = 0; i < 3000; i++) {
            boolean flagged = random.nextDouble() < 0.05;
            assertEquals(watch.observe(flagged, i, ProbeStatus.MAPPED, heldOut(i), SETTINGS),
                    copy.observe(flagged, i, ProbeStatus.MAPPED, heldOut(i), SETTINGS));
        }
        assertArrayEquals(watch.toBytes(), copy.toBytes());
        assertArrayEquals(new DisagreementDrift().toBytes(),
                DisagreementDrift.fromBytes(new DisagreementDrift().toBytes()).toBytes());
    }
}
