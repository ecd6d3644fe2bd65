package io.ontobridge.streams;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** How often a failed stream thread may be replaced: {@value #MAX_RESTARTS} times within {@link #WINDOW}. */
final class RestartBudget {
    static final int MAX_RESTARTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final Deque<Long> recent = new ArrayDeque<>();

    /** Whether one more replacement is allowed now (and counts it). */
    synchronized boolean allow() {
        return allow(System.nanoTime());
    }

    synchronized boolean allow(long nowNanos) {
        while (!recent.isEmpty() && nowNanos - recent.peekFirst() > WINDOW.toNanos()) {
            recent.pollFirst();
        }
        if (recent.size() >= MAX_RESTARTS) {
            return false;
        }
        recent.addLast(nowNanos);
        return true;
    }
}
