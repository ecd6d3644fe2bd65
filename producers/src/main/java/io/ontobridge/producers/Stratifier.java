package io.ontobridge.producers;

import java.util.Arrays;
import java.util.Random;

/**
 * Spreads published samples over the feature's range instead of its natural distribution, so the
 * probe also sees the tails. Candidates fall into equal-width bins between running 1% and 99%
 * quantiles of all candidates so far; a candidate is kept with probability
 * {@code max(minAccept, share of the rarest bin / share of its own bin)}: the rarest bin keeps
 * everything and crowded bins are thinned towards its level, never below {@code minAccept} (which
 * bounds the extra source-model work to 1/minAccept).
 */
public final class Stratifier {
    private static final int RESERVOIR = 4096;
    private static final int WARM_UP = 256;
    private static final int REFRESH_EVERY = 128;

    private final int bins;
    private final double minAccept;
    private final Random random;
    private final double[] reservoir = new double[RESERVOIR];
    private final long[] candidatesPerBin;
    private long candidates;
    private double low = Double.NaN;
    private double high = Double.NaN;

    public Stratifier(int bins, double minAccept, long seed) {
        this.bins = bins;
        this.minAccept = minAccept;
        this.random = new Random(seed);
        this.candidatesPerBin = new long[bins];
    }

    /** Records a candidate's feature value and says whether to publish it. */
    public boolean keep(double value) {
        observe(value);
        if (candidates <= WARM_UP) {
            return true;
        }
        long rarest = Arrays.stream(candidatesPerBin).filter(c -> c > 0).min().orElse(1);
        double probability = Math.max(minAccept, Math.min(1.0, (double) rarest / candidatesPerBin[binOf(value)]));
        return random.nextDouble() < probability;
    }

    private void observe(double value) {
        // Reservoir sampling keeps a uniform sample of all candidates for the quantiles.
        if (candidates < RESERVOIR) {
            reservoir[(int) candidates] = value;
        } else {
            long slot = (long) (random.nextDouble() * (candidates + 1));
            if (slot < RESERVOIR) {
                reservoir[(int) slot] = value;
            }
        }
        candidates++;
        if (candidates == WARM_UP || (candidates > WARM_UP && candidates % REFRESH_EVERY == 0)) {
            refreshRange();
        }
        if (!Double.isNaN(low)) {
            candidatesPerBin[binOf(value)]++;
        }
    }

    private void refreshRange() {
        double[] sorted = Arrays.copyOf(reservoir, (int) Math.min(candidates, RESERVOIR));
        Arrays.sort(sorted);
        double newLow = sorted[(int) (0.01 * (sorted.length - 1))];
        double newHigh = sorted[(int) (0.99 * (sorted.length - 1))];
        if (newHigh <= newLow) {
            newHigh = newLow + 1e-9;
        }
        if (newLow != low || newHigh != high) {
            low = newLow;
            high = newHigh;
            // The bins moved: recount the reservoir into them, the best estimate of the shares.
            Arrays.fill(candidatesPerBin, 0);
            for (double v : sorted) {
                candidatesPerBin[binOf(v)]++;
            }
        }
    }

    private int binOf(double value) {
        int bin = (int) Math.floor((value - low) / (high - low) * bins);
        return Math.max(0, Math.min(bins - 1, bin));
    }
}
