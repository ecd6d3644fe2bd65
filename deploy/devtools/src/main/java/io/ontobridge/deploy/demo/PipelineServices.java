package io.ontobridge.deploy.demo;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.streams.StreamsService;
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
 * The services downstream of the generator (trainer, monitor, target inference), run in this JVM for
 * one concept; background tasks (the generator, a tally) can be added. Closing stops everything in
 * reverse order of start. A task that fails is reported by {@link #failIfAnyFailed()}.
 */
public final class PipelineServices implements AutoCloseable {
    private final List<AutoCloseable> running = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Starts the trainer, the monitor and target inference (instance {@code instanceId}). */
    public static PipelineServices start(ServiceSettings settings, ConceptSpec spec, String instanceId) {
        PipelineServices services = new PipelineServices();
        StreamsService trainer = Trainer.create(new TrainerConfig(settings, spec));
        StreamsService monitor = Monitor.create(new MonitorConfig(settings, spec));
        services.running.add(trainer);
        services.running.add(monitor);
        trainer.start();
        monitor.start();
        TargetInference inference = new TargetInference(new InferenceConfig(settings, spec, instanceId, null));
        services.startTask("inference", inference, inference::stop);
        return services;
    }

    /** Runs {@code task} on its own thread until it ends or {@link #close()} calls {@code stop}. */
    public void startTask(String name, Runnable task, Runnable stop) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, new IllegalStateException(name + " failed: " + e.getMessage(), e));
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
        Throwable first = failure.get();
        if (first != null) {
            throw new IllegalStateException(first.getMessage(), first);
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
