package io.ontobridge.producers;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

class StratifierTest {
    /** Share of kept values whose |z| > 1.5, for candidates drawn from a standard normal. */
    private static double tailShare(Stratifier stratifier, int candidates) {
        Random random = new Random(11);
        int kept = 0;
        int tails = 0;
        for (int i = 0; i < candidates; i++) {
            double value = random.nextGaussian();
            if (stratifier.keep(value)) {
                kept++;
                if (Math.abs(value) > 1.5) {
                    tails++;
                }
            }
        }
        return (double) tails / kept;
    }

    @Test
    void spreadsSamplesTowardsTheTails() {
        double natural = tailShare(new Stratifier(10, 1.0, 3), 20000);       // min_accept 1: keeps everything
        double spread = tailShare(new Stratifier(10, 0.05, 3), 20000);
        assertTrue(natural < 0.16, "a normal has ~13% beyond 1.5 sd, got " + natural);
        assertTrue(spread > 2 * natural, "stratified tails " + spread + " vs natural " + natural);
    }

    @Test
    void minAcceptBoundsTheRejectedWork() {
        Stratifier stratifier = new Stratifier(10, 0.5, 5);
        Random random = new Random(1);
        int kept = 0;
        for (int i = 0; i < 10000; i++) {
            if (stratifier.keep(random.nextGaussian())) {
                kept++;
            }
        }
        assertTrue(kept >= 5000, "at least min_accept of candidates are kept, got " + kept);
    }
}
