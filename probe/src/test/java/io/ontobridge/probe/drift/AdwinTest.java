package io.ontobridge.probe.drift;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdwinTest {

    /** River's regression streams (made with Python's random and numpy), by name. */
    private static Map<String, int[]> riverStreams() throws IOException {
        Map<String, int[]> streams = new LinkedHashMap<>();
        try (InputStream in = AdwinTest.class.getResourceAsStream("river-streams.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#")) {
                    String[] parts = line.split(" ");
                    streams.put(parts[0], parts[1].chars().map(c -> c - '0').toArray());
                }
            }
        }
        return streams;
    }

    private static List<Integer> detections(Adwin adwin, int[] values) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (adwin.update(values[i])) {
                found.add(i);
            }
        }
        return found;
    }

    private static int bernoulli(Random random, double p) {
        return random.nextDouble() < p ? 1 : 0;
    }

    @Test
    void findsTheChangesAtTheIndicesRiversOwnTestsRecord() throws IOException {
        Map<String, int[]> streams = riverStreams();
        // river/drift/test_adwin_regression.py: four segments of 1000, {0,1} and {4..7} in turn.
        assertEquals(List.of(1023, 2015, 3007), detections(new Adwin(), streams.get("multiple-drifts")));
        // river.drift.ADWIN's docstring example, and test_basic_drift_at_expected_index.
        assertEquals(List.of(1023), detections(new Adwin(), streams.get("docstring")));
        assertEquals(List.of(1023), detections(new Adwin(), streams.get("basic-drift")));
    }

    /**
     * The bound: each check wrongly cuts a window with no change with probability at most delta, so 100k values,
     * checked every 32, expect at most 3125 * 0.002 = 6.25 false detections. The bound is loose (Bernstein's, and a
     * union over cuts): 50 such streams gave none, so ten together may give at most 2.
     */
    @Test
    void aStationaryBernoulliStreamOfARarelyFlaggedProbeRaisesAtMostAFewDetections() {
        long all = 0;
        for (int seed = 0; seed < 10; seed++) {
            Random random = new Random(seed);
            Adwin adwin = new Adwin();
            for (int i = 0; i < 100_000; i++) {
                adwin.update(bernoulli(random, 0.01));
            }
            assertTrue(adwin.detections() <= 6, "seed " + seed + ": " + adwin.detections() + " detections");
            all += adwin.detections();
        }
        assertTrue(all <= 2, all + " detections over ten stationary streams");
    }

    @Test
    void aRiseFromOneInAHundredToOneInFiveIsFoundWithinAFewHundredSamples() {
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            Adwin adwin = new Adwin();
            for (int i = 0; i < 5000; i++) {
                assertFalse(adwin.update(bernoulli(random, 0.01)), "seed " + seed + ": a detection before the change");
            }
            int delay = -1;
            for (int i = 0; i < 5000 && delay < 0; i++) {
                if (adwin.update(bernoulli(random, 0.2))) {
                    delay = i;
                }
            }
            // Measured: 55 to 119 samples (a check every 32).
            assertTrue(delay >= 0 && delay < 200, "seed " + seed + ": found after " + delay);
            Adwin.Cut cut = adwin.lastCut();
            assertTrue(cut.rising());
            assertEquals(0.01, cut.olderMean(), 0.006, "the rate before: " + cut);
            assertTrue(cut.newerMean() > 0.1, "the rate after: " + cut);
            assertTrue(cut.olderWidth() >= 4000, "the widest-apart cut lies near the change: " + cut);
            // Cuts lie between buckets, of 32 or 64 values that far back: the newer part may reach a bucket past it.
            assertTrue(cut.newerWidth() <= delay + 1 + 64, "the newer part holds what came after the change: " + cut);
            assertTrue(adwin.width() < 5000 + delay + 1, "the window shrank: " + adwin.width());
        }
    }

    @Test
    void aFallIsDetectedTooAndReadsAsNotRising() {
        Random random = new Random(3);
        Adwin adwin = new Adwin();
        for (int i = 0; i < 3000; i++) {
            adwin.update(bernoulli(random, 0.3));
        }
        boolean found = false;
        for (int i = 0; i < 2000 && !found; i++) {
            found = adwin.update(bernoulli(random, 0.01));
        }
        assertTrue(found);
        assertFalse(adwin.lastCut().rising());
    }

    @Test
    void theWindowGrowsWithAStableStreamAndItsMeanAndVarianceAreExact() {
        Adwin adwin = new Adwin();
        assertEquals(0, adwin.width());
        assertEquals(0.0, adwin.mean());
        double[] values = new double[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 7;
            assertFalse(adwin.update(values[i]));
            assertEquals(i + 1, adwin.width(), "no value leaves a window without a change");
        }
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        double variance = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
        assertEquals(mean, adwin.mean(), 1e-12);
        assertEquals(variance, adwin.variance(), 1e-9, "merged buckets keep the squared deviations");
        assertEquals(0, adwin.detections());
        assertNull(adwin.lastCut());
    }

    @Test
    void afterAChangeTheWindowStartsAfreshAndItsMeanFollowsTheNewRate() {
        Random random = new Random(11);
        Adwin adwin = new Adwin();
        for (int i = 0; i < 4000; i++) {
            adwin.update(bernoulli(random, 0.05));
        }
        assertEquals(0.05, adwin.mean(), 0.015);
        int i = 0;
        while (!adwin.update(bernoulli(random, 0.5))) {
            i++;
        }
        long shrunk = adwin.width();
        assertTrue(shrunk < 4000 + i + 1, "the older values were dropped: " + shrunk);
        adwin.update(1);
        assertEquals(1, adwin.width(), "River empties the window on the update after a detection");
        for (int k = 0; k < 1999; k++) {
            adwin.update(bernoulli(random, 0.5));
        }
        assertEquals(2000, adwin.width());
        assertEquals(0.5, adwin.mean(), 0.05);
        assertEquals(1, adwin.detections());
    }

    @Test
    void noCheckBeforeTheGracePeriodOrBetweenClockTicks() {
        Adwin adwin = new Adwin(0.002, 1, 5, 5, 100);
        for (int i = 0; i < 50; i++) {
            assertFalse(adwin.update(0));
        }
        for (int i = 0; i < 50; i++) {
            assertFalse(adwin.update(1000), "width " + adwin.width() + " is within the grace period");
        }
        Adwin clocked = new Adwin();
        for (int i = 0; i < 500; i++) {
            clocked.update(0);
        }
        for (int i = 500; i < 600; i++) {
            boolean found = clocked.update(1);
            assertTrue(!found || (i + 1) % 32 == 0, "a detection off the clock at " + i);
        }
        assertEquals(1, clocked.detections());
    }

    @Test
    void stateRoundTripsExactlyAndTheCopyGoesOnAsTheOriginal() {
        Random random = new Random(5);
        Adwin adwin = new Adwin();
        for (int i = 0; i < 3000; i++) {
            adwin.update(bernoulli(random, i < 2000 ? 0.02 : 0.3));
        }
        byte[] bytes = adwin.toBytes();
        Adwin copy = Adwin.fromBytes(bytes);
        assertArrayEquals(bytes, copy.toBytes());
        assertEquals(adwin.lastCut(), copy.lastCut());
        for (int i = 0; i < 5000; i++) {
            int value = bernoulli(random, i < 2500 ? 0.3 : 0.01);
            assertEquals(adwin.update(value), copy.update(value), "at " + i);
        }
        assertArrayEquals(adwin.toBytes(), copy.toBytes());
        assertTrue(adwin.detections() >= 2);

        // Also written inside another structure's state, as the trainer keeps it.
        StateWriter out = new StateWriter("outer", 0).writeUtf("before");
        adwin.write(out);
        out.writeInt(7);
        Adwin nested = StateReader.read(out.toByteArray(), "outer", in -> {
            assertEquals("before", in.readUtf());
            Adwin read = Adwin.read(in);
            assertEquals(7, in.readInt());
            return read;
        });
        assertArrayEquals(adwin.toBytes(), nested.toBytes());
    }

    @Test
    void corruptStateIsRefused() {
        byte[] bytes = new Adwin().toBytes();
        bytes[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> Adwin.fromBytes(bytes));
        byte[] good = new Adwin().toBytes();
        assertThrows(IllegalArgumentException.class, () -> Adwin.fromBytes(java.util.Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> new Adwin(0, 32, 5, 5, 10));
    }
}
