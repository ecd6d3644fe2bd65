package io.ontobridge.platform.service;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How often a service may recover in-process from a fault of the client or the cluster (a stream thread replaced,
 * a transaction aborted and redone): {@value #MAX_RESTARTS} times within {@link #WINDOW} by default. A fault that
 * keeps coming back stops the service with its liveness DOWN, so that the platform restarts the process.
 */
public final class RestartBudget {
    public static final int MAX_RESTARTS = 5;
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final int maxRestarts;
    private final Duration window;
    private final Deque<Long> recent = new ArrayDeque<>();

    /** The default budget: {@value #MAX_RESTARTS} within {@link #WINDOW}. */
    public RestartBudget() {
        this(MAX_RESTARTS, WINDOW);
    }

    public RestartBudget(int maxRestarts, Duration window) {
        if (maxRestarts < 0 || window.isNegative()) {
            throw new IllegalArgumentException("a restart budget needs maxRestarts >= 0 and a window >= 0");
        }
        this.maxRestarts = maxRestarts;
        this.window = window;
    }

    /** Whether one more recovery is allowed now (and counts it). */
    public synchronized boolean allow() {
        return allow(System.nanoTime());
    }

    synchronized boolean allow(long nowNanos) {
        while (!recent.isEmpty() && nowNanos - recent.peekFirst() > window.toNanos()) {
            recent.pollFirst();
        }
        if (recent.size() >= maxRestarts) {
            return false;
        }
        recent.addLast(nowNanos);
        return true;
    }

    public int maxRestarts() {
        return maxRestarts;
    }

    public Duration window() {
        return window;
    }

    @Override
    public String toString() {
        long seconds = window.toSeconds();
        return "at most " + maxRestarts + " within " + (seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s");
    }
}
