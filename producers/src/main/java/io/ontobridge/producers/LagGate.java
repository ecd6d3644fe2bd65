package io.ontobridge.producers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Backpressure: holds the generator while the consumers downstream lag too far behind, so a slow
 * target model does not make samples pile up without bound. The lag is read at most every
 * {@code checkEveryMillis}; while it is above the limit the gate waits, re-reading it.
 */
final class LagGate {
    private static final Logger log = LoggerFactory.getLogger(LagGate.class);

    private final LongSupplier lag;
    private final long maxLag;
    private final long checkEveryMillis;
    private long lastCheck = Long.MIN_VALUE / 2;
    private long lastLag;
    private long waits;
    private long unreadable;

    LagGate(LongSupplier lag, long maxLag, long checkEveryMillis) {
        this.lag = lag;
        this.maxLag = maxLag;
        this.checkEveryMillis = checkEveryMillis;
    }

    /** Returns once the lag is at most the limit (or {@code stopping} says so); checks only now and then. */
    void pass(BooleanSupplier stopping) throws InterruptedException {
        long now = System.currentTimeMillis();
        if (now - lastCheck < checkEveryMillis) {
            return;
        }
        lastCheck = now;
        lastLag = read();
        long reported = 0;
        while (lastLag > maxLag && !stopping.getAsBoolean()) {
            if (System.currentTimeMillis() - reported > 10_000) {
                log.info("holding the generator: consumer lag {} is above the limit {}", lastLag, maxLag);
                reported = System.currentTimeMillis();
            }
            waits++;
            Thread.sleep(Math.max(50, checkEveryMillis / 4));
            lastLag = read();
        }
    }

    /**
     * The lag now, or the lag last read when it cannot be read (the broker restarting, say): the producer
     * retries its sends meanwhile, and the gate must not stop the generator over a lag it will read again.
     */
    private long read() {
        try {
            return lag.getAsLong();
        } catch (RuntimeException e) {
            unreadable++;
            log.warn("cannot read the consumer lag ({}); keeping the last value, {}", e.getMessage(), lastLag);
            return lastLag;
        }
    }

    /** How many times the lag could not be read. */
    long unreadable() {
        return unreadable;
    }

    /** The lag last read. */
    long lastLag() {
        return lastLag;
    }

    /** How many times the gate waited for the lag to come down. */
    long waits() {
        return waits;
    }
}
