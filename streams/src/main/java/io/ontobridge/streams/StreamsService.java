package io.ontobridge.streams;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.RepeatingFaults;
import io.ontobridge.platform.service.RestartBudget;
import io.ontobridge.platform.service.Service;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Service} that runs one Kafka Streams topology: the lifecycle the trainer and the monitor share. A failed
 * stream thread is replaced within the {@link RestartBudget}; past it, or on a fault a retry would meet again
 * ({@link RepeatingFaults}), the client shuts down and the service is no longer alive.
 */
public final class StreamsService implements Service {
    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

    private final String name;
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;
    private final java.util.List<AutoCloseable> resources = new java.util.ArrayList<>();
    private final RestartBudget restarts = new RestartBudget();
    /** Store partitions being restored from their changelogs now. */
    private final AtomicInteger restoring = new AtomicInteger();
    /** Whether the service has processed since it started: restored, and committed or caught up. */
    private volatile boolean processing;

    public StreamsService(String name, Topology topology, Properties props) {
        this.name = name;
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(error -> {
            // Bad records never get here (they go to the dead-letter topic). What does is a fault of the client or
            // the cluster: a transaction the broker lost across its restart, say. A fresh stream thread starts
            // again from the last commit (exactly-once holds); a fault that keeps coming back stops the service, and
            // one that a fresh thread would meet again (a record over the size limit) stops it at once.
            Throwable repeating = RepeatingFaults.find(error);
            if (repeating != null) {
                failure = error;
                log.error("{} stopped: {} (retrying cannot get past this)", name, repeating.getMessage());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            if (restarts.allow()) {
                log.warn("{}: a stream thread failed ({}); replacing it, it resumes from the last commit", name,
                        DeadLetters.describe(error));
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            failure = error;
            log.error("{} stopped on an unexpected error ({} thread replacements within {})", name,
                    RestartBudget.MAX_RESTARTS, RestartBudget.WINDOW, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                restoring.incrementAndGet();
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long end, long restored) {
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long restored) {
                restoring.decrementAndGet();
            }

            @Override
            public void onRestoreSuspended(TopicPartition partition, String store, long restored) {
                restoring.decrementAndGet();
            }
        });
        streams.setStateListener((newState, oldState) -> {
            log.debug("{}: {} -> {}", name, oldState, newState);
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    /** Closes {@code resource} (a model the topology uses) after the streams when this service closes. */
    public StreamsService closing(AutoCloseable resource) {
        resources.add(resource);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        // Kafka Streams' own metrics (records processed, lag, commit latency...) on the service's meters.
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(Metrics.globalRegistry);
        resources.add(metrics);
        streams.start();
        log.info("{} started", name);
    }

    /** Begins an orderly shutdown and returns; {@link #awaitStop()} waits for it, {@link #close()} completes it. */
    @Override
    public void stop() {
        streams.close(Duration.ZERO);
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    /** Alive: not stopped by an error (a liveness probe restarts the process otherwise). */
    @Override
    public boolean isAlive() {
        KafkaStreams.State state = streams.state();
        return failure == null && state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR;
    }

    /**
     * Ready: processing, or rebalancing between two rounds of processing. Processing means more than the client's
     * RUNNING state, which it reaches seconds after a restart while its stores still restore from their
     * changelogs (33-52 s measured before output resumed): no store partition is restoring, and since the start the
     * service has committed once, or has caught up with its input (nothing to commit), or has no task at all.
     */
    @Override
    public boolean isReady() {
        KafkaStreams.State state = streams.state();
        if (!(state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) || restoring.get() > 0) {
            return false;
        }
        if (!processing && state == KafkaStreams.State.RUNNING) {
            processing = StreamsProgress.committedOrCaughtUp(streams);
        }
        return processing;
    }

    /** Blocks until the service stops; rethrows the error that stopped it, if any. */
    @Override
    public void awaitStop() throws InterruptedException {
        stopped.await();
        if (failure != null) {
            throw new IllegalStateException(name + " failed: " + failure.getMessage(), failure);
        }
    }

    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (stopped.await(100, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return false;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        stopped.countDown();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("{}: closing a resource failed", name, e);
            }
        }
        resources.clear();
    }
}
