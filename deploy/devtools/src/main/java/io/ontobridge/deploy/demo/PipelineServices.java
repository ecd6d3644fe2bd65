package io.ontobridge.deploy.demo;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.service.Service;
import io.ontobridge.streams.inference.InferenceConfig;
import io.ontobridge.streams.inference.TargetInference;
import io.ontobridge.streams.monitor.Monitor;
import io.ontobridge.streams.monitor.MonitorConfig;
import io.ontobridge.streams.trainer.Trainer;
import io.ontobridge.streams.trainer.TrainerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Services of one concept run in this JVM (the demo, the bench's warm-up, the end-to-end tests): the trainer, the
 * monitor and target inference to begin with; more services (the generator, a second inference instance) and
 * background tasks (a tally) can be added. Closing stops everything in reverse order of start;
 * {@link #failIfAnyFailed()} reports the first service or task that failed.
 */
public final class PipelineServices implements AutoCloseable {
    private final List<Service> services = new ArrayList<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Starts the trainer, the monitor and target inference (instance {@code instanceId}). */
    public static PipelineServices start(ServiceSettings settings, ConceptSpec spec, String instanceId) {
        PipelineServices pipeline = new PipelineServices();
        pipeline.start(Trainer.create(new TrainerConfig(settings, spec)));
        pipeline.start(Monitor.create(new MonitorConfig(settings, spec)));
        pipeline.start(new TargetInference(new InferenceConfig(settings, spec, instanceId, null)));
        return pipeline;
    }

    /** Starts {@code service}; it is closed with the others. */
    public <S extends Service> S start(S service) {
        services.add(service);
        running.add(service);
        service.start();
        return service;
    }

    /** Runs {@code task} (not a service: a tally, a test's helper) on its own thread until it ends or is stopped. */
    public void startTask(String name, Runnable task, Runnable stop) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, new IllegalStateException(name + " failed", e));
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        running.add(() -> {
            stop.run();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        });
    }

    public void failIfAnyFailed() {
        for (Service service : services) {
            if (service.failure() != null) {
                throw new IllegalStateException(service.name() + " failed", service.failure());
            }
        }
        Throwable first = failure.get();
        if (first != null) {
            throw new IllegalStateException(DeadLetters.describe(first), first);
        }
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }
        running.clear();
    }
}
