package io.ontobridge.platform.service;

/**
 * One long-running part of the flow: the generator, target inference, the trainer or the monitor. Each runs on
 * threads of its own between {@link #start()} and {@link #stop()}; {@link #isAlive()} and {@link #isReady()} are what
 * its health endpoint serves, and the command line, the demo and the tests drive every service the same way.
 *
 * <p>A service survives bad records (they go to the dead-letter topic) and recovers in-process from passing faults
 * of the client or the cluster within a {@link RestartBudget}; past it, it stops and is no longer alive.
 */
public interface Service extends AutoCloseable {

    /** A short name for logs and metrics: {@code generator}, {@code inference}, {@code trainer}, {@code monitor}. */
    String name();

    /** Starts the work on the service's own threads and returns. A service starts once. */
    void start();

    /** Asks the service to stop after the work in hand and returns at once; uncommitted work is redone later. */
    void stop();

    /** Blocks until the service has stopped; throws {@link IllegalStateException} with the error that stopped it. */
    void awaitStop() throws InterruptedException;

    /** Alive: not stopped by an error (a liveness probe restarts the process otherwise). */
    boolean isAlive();

    /** Ready: doing its work (or between two rounds of it, such as a rebalance). */
    boolean isReady();

    /** The error that stopped the service, or null. */
    Throwable failure();

    /** Stops the service, waits for it (bounded) and releases what it holds. Never throws. */
    @Override
    void close();
}
