package io.ontobridge.platform.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Service} whose work is one loop on one thread of its own (the generator, target inference): the
 * subclass writes {@link #runLoop()}, which returns when the work is done or {@link #stopping()} turns true, and this
 * class owns the thread, the stop flag and the failure.
 */
public abstract class LoopService implements Service {
    private static final Logger log = LoggerFactory.getLogger(LoopService.class);
    /** How long {@link #close()} waits for the loop to end. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Throwable failure;
    private Thread thread;

    protected LoopService(String name) {
        this.name = name;
    }

    /** The service's work: runs until done or until {@link #stopping()}; an exception stops the service. */
    protected abstract void runLoop() throws Exception;

    /** Wakes the loop out of a blocking call (a consumer's poll, say) once {@link #stop()} was called. */
    protected void wakeUp() {
    }

    /** Whether {@link #stop()} was called. */
    protected final boolean stopping() {
        return stopping;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(name + " was started already");
        }
        thread = new Thread(this::runGuarded, name);
        thread.start();
    }

    private void runGuarded() {
        try {
            runLoop();
        } catch (ServiceStopped e) {
            // Said once, by whoever awaits the service (the command line prints it as its one error line).
            failure = e;
            log.debug("{} stopped: {}", name, e.getMessage());
        } catch (Throwable e) {
            failure = e;
            log.error("{} stopped on an error", name, e);
        } finally {
            stopped.countDown();
        }
    }

    @Override
    public final void stop() {
        stopping = true;
        wakeUp();
    }

    @Override
    public final void awaitStop() throws InterruptedException {
        stopped.await();
        Throwable error = failure;
        if (error != null) {
            throw new IllegalStateException(name + " failed: " + error.getMessage(), error);
        }
    }

    /** Waits up to {@code timeout} for the loop to end; whether it did. */
    public final boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isAlive() {
        return failure == null;
    }

    @Override
    public final Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        stop();
        synchronized (this) {
            if (thread == null) {
                return;
            }
        }
        try {
            if (!awaitStop(CLOSE_WAIT)) {
                log.warn("{} did not stop within {}", name, CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
