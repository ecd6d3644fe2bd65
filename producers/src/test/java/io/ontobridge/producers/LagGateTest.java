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

    @Test
    void aLagThatCannotBeReadKeepsTheLastValueInsteadOfStoppingTheGenerator() throws InterruptedException {
        // Below the limit, then the broker is away for two reads (the generator passes on the last value),
        // then above the limit with the broker away once more (held on the last value), then below.
        Object[] reads = {100L, "down", "down", 5000L, "down", 1000L};
        AtomicInteger next = new AtomicInteger();
        LagGate gate = new LagGate(() -> {
            Object value = reads[Math.min(next.getAndIncrement(), reads.length - 1)];
            if (value instanceof String) {
                throw new IllegalStateException("cannot read the lag: TimeoutException");
            }
            return (Long) value;
        }, 2000, 0);
        gate.pass(() -> false);
        gate.pass(() -> false);
        gate.pass(() -> false);
        assertEquals(100, gate.lastLag());
        assertEquals(2, gate.unreadable());
        gate.pass(() -> false);
        assertEquals(1000, gate.lastLag());
        assertEquals(2, gate.waits(), "held while the lag read 5000 and while it could not be read after that");
        assertEquals(3, gate.unreadable());
    }
}
