package io.ontobridge.producers;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LagGateTest {
    @Test
    void holdsWhileTheLagIsAboveTheLimitAndPassesOnceItFalls() throws InterruptedException {
        long[] lags = {5000, 4000, 2500, 1500};
        AtomicInteger reads = new AtomicInteger();
        LagGate gate = new LagGate(() -> lags[Math.min(reads.getAndIncrement(), lags.length - 1)], 2000, 0);
        gate.pass(() -> false);
        assertEquals(4, reads.get(), "read until the lag came below the limit");
        assertEquals(1500, gate.lastLag());
        assertEquals(3, gate.waits());
    }

    @Test
    void checksOnlyNowAndThenAndLetsAStoppingGeneratorGo() throws InterruptedException {
        AtomicInteger reads = new AtomicInteger();
        LagGate gate = new LagGate(() -> {
            reads.incrementAndGet();
            return 10;
        }, 2000, 60_000);
        gate.pass(() -> false);
        gate.pass(() -> false);
        assertEquals(1, reads.get(), "the second pass within the interval does not read the lag");
        LagGate stuck = new LagGate(() -> 1_000_000, 2000, 0);
        stuck.pass(() -> true);
        assertTrue(stuck.waits() == 0, "a stopping generator is never held");
    }
}
