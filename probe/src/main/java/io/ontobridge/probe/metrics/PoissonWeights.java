package io.ontobridge.probe.metrics;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The bootstrap's resampling weights: how often each of {@link Bootstrap#RESAMPLES} resamples takes the pair in a
 * window's slot, independent Poisson(1) counts (the Poisson bootstrap: each pair appears 0, 1, 2, ... times, on
 * average once, as in a resample of n from n, without fixing the resample's size; Chamandy et al. 2012 use it on
 * streams for the reason it is used here: a pair's counts do not depend on the other pairs). A slot's column is a
 * function of the slot alone, from one fixed seed, so the same pairs in the same slots always get the same
 * resamples. Columns of the first {@value #CACHED_SLOTS} slots are kept once made (shared by every window; at most
 * 8 MB); later ones are made anew when asked for. Thread-safe.
 */
final class PoissonWeights {
    /** Slots whose columns are kept: windows up to this size never make one twice. */
    static final int CACHED_SLOTS = 2048;
    /** P(count <= k) of Poisson(1), k = 0..9; the rest (1e-7) counts 10. */
    private static final double[] CDF = cdf();
    private static final ConcurrentMap<Integer, float[]> COLUMNS = new ConcurrentHashMap<>();

    private PoissonWeights() {
    }

    private static double[] cdf() {
        double[] cdf = new double[10];
        double term = Math.exp(-1);
        double sum = 0;
        for (int k = 0; k < cdf.length; k++) {
            sum += term;
            cdf[k] = sum;
            term /= k + 1;
        }
        return cdf;
    }

    /** The counts of the pair in {@code slot}, one per resample (read only). */
    static float[] column(int slot) {
        return slot < CACHED_SLOTS ? COLUMNS.computeIfAbsent(slot, PoissonWeights::make) : make(slot);
    }

    private static float[] make(int slot) {
        // Seeds one golden step apart would give one stream shifted (SplittableRandom steps by that very gamma):
        // each slot's seed is the seed and the slot mixed (Stafford's variant 13).
        SplittableRandom random = new SplittableRandom(mix(Bootstrap.SEED * 0x100000001B3L + slot));
        float[] counts = new float[Bootstrap.RESAMPLES];
        for (int b = 0; b < counts.length; b++) {
            double u = random.nextDouble();
            int k = 0;
            while (k < CDF.length && u >= CDF[k]) {
                k++;
            }
            counts[b] = k;
        }
        return counts;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
