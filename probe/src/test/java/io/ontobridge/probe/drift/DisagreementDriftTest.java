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

    /** Feeds {@code n} judged samples flagged with probability {@code p}; the first change found, or null. */
    private static DisagreementDrift.Change feed(DisagreementDrift watch, Random random, int n, double p, long[] seen) {
        DisagreementDrift.Change first = null;
        for (int i = 0; i < n; i++) {
            seen[0]++;
            DisagreementDrift.Change change = watch.observe(random.nextDouble() < p, seen[0], ProbeStatus.MAPPED,
                    seen[0] / 10);
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
        assertTrue(change.rising());
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
        assertFalse(watch.settle(ProbeStatus.MAPPED, heldOut + WINDOW - 1, WINDOW), "the window has not turned over");
        assertNotNull(watch.drift());
        assertTrue(watch.settle(ProbeStatus.MAPPED, heldOut + WINDOW, WINDOW));
        assertNull(watch.drift());
        assertFalse(watch.settle(ProbeStatus.MAPPED, heldOut + WINDOW, WINDOW), "nothing left to clear");
    }

    @Test
    void theFiguresMovingClearTheDrift() {
        DisagreementDrift watch = new DisagreementDrift();
        Random random = new Random(3);
        long[] seen = {0};
        feed(watch, random, 3000, 0.01, seen);
        assertNotNull(feed(watch, random, 300, 0.3, seen));
        assertFalse(watch.settle(ProbeStatus.MAPPED, watch.drift().heldOutSeen() + 1, WINDOW));
        assertTrue(watch.settle(ProbeStatus.PARTLY_MAPPED, watch.drift().heldOutSeen() + 1, WINDOW),
                "partly-mapped says what the drift did");
        assertNull(watch.drift());
    }

    @Test
    void aFallIsCountedButRaisesNothing() {
        DisagreementDrift watch = new DisagreementDrift();
        Random random = new Random(4);
        long[] seen = {0};
        feed(watch, random, 3000, 0.3, seen);
        DisagreementDrift.Change change = feed(watch, random, 2000, 0.01, seen);
        assertNotNull(change);
        assertFalse(change.rising());
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
            assertEquals(watch.observe(flagged, i, ProbeStatus.MAPPED, i / 10),
                    copy.observe(flagged, i, ProbeStatus.MAPPED, i / 10));
        }
        assertArrayEquals(watch.toBytes(), copy.toBytes());
        assertArrayEquals(new DisagreementDrift().toBytes(),
                DisagreementDrift.fromBytes(new DisagreementDrift().toBytes()).toBytes());
    }
}
