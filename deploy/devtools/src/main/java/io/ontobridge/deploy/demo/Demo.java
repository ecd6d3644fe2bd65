package io.ontobridge.deploy.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.models.encoder.Checkpoints;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.ModelAnnouncements;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.producers.Generator;
import io.ontobridge.producers.GeneratorConfig;
import io.ontobridge.schema.ProbeSnapshot;
import io.ontobridge.streams.monitor.MonitorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The main job: the four services on one concept transfer, against a running broker and registry,
 * until {@code samples} source samples are scored; then a summary whose every count is read back
 * from the topics.
 */
public final class Demo {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);

    /**
     * @param samples     source samples to generate and score
     * @param timeout     give up (with a summary of what got through) after this long
     * @param show        disagreements to print at the end
     * @param swap        a new target checkpoint to announce during the run, or null
     * @param showAll     how to see every disagreement after the run, shown beside the ones printed; null when
     *                    nothing would (the stack is gone)
     */
    public record Options(String scenario, ConceptSpec spec, long samples, Duration timeout, int show, TargetSwap swap,
                          String showAll) {
    }

    /**
     * A new version of the target model, announced on the models topic once {@code after} samples are scored,
     * as training infrastructure would announce a checkpoint.
     *
     * @param location  weights file, zoo model folder or {@code classpath:} resource
     * @param tokenizer text models: the new version's tokenizer, or null for the spec's
     */
    public record TargetSwap(long after, String version, String location, String tokenizer) {
    }

    private final ServiceSettings settings;
    private final Options options;
    private final PrintStream out;

    public Demo(ServiceSettings settings, Options options, PrintStream out) {
        this.settings = settings;
        this.options = options;
        this.out = out;
    }

    /** Runs the demo and returns the summary (also the JSON written by {@code --summary}). */
    public ObjectNode run() throws Exception {
        return run(tally -> { });
    }

    /**
     * Runs the demo, hands the run's tally to {@code inspect} once everything is counted (before the services
     * stop), and returns the summary.
     */
    public ObjectNode run(Consumer<RunTally> inspect) throws Exception {
        ConceptSpec spec = options.spec();
        Topics topics = settings.topics();
        TopicSetup.ensureTopics(settings);
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Instant began = Instant.now();
        try (PipelineServices services = PipelineServices.start(settings, spec, "demo")) {
            RunTally tally = new RunTally(settings, runId, began);
            services.startTask("tally", tally, tally::close);
            Generator generator = services.start(new Generator(new GeneratorConfig(settings, spec, options.samples(), runId)));
            out.printf(Locale.ROOT, "running concept '%s': %s -> %s, %d samples (run %s)%n", spec.concept(),
                    spec.source().name(), spec.target().name(), options.samples(), runId);

            long startNanos = System.nanoTime();
            long deadline = startNanos + options.timeout().toNanos();
            long nextProgress = startNanos;
            TargetSwap swap = options.swap();
            while (true) {
                services.failIfAnyFailed();
                // Once N samples are scored: the generator runs ahead of inference, so counting generated samples
                // would swap later in the stream than asked.
                if (swap != null && tally.distinct(topics.scores()) >= swap.after()) {
                    announce(spec, swap);
                    swap = null;
                }
                if (System.nanoTime() >= nextProgress) {
                    printProgress(tally, topics, spec, generator);
                    nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
                }
                if (tally.distinct(topics.scores()) + tally.distinct(topics.deadLetters()) >= options.samples()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    out.println("timed out after " + options.timeout().toSeconds() + " s; summarizing what got through");
                    break;
                }
                Thread.sleep(200);
            }
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            // Let the monitor and the last snapshot catch up before counting.
            awaitCaughtUp(monitorGroup(spec), topics.scores(), Duration.ofSeconds(30));
            awaitStable(tally, topics, spec, Duration.ofSeconds(20));

            ObjectNode summary = DemoSummary.of(options.scenario(), spec, tally, topics, elapsed, generator.skipped());
            DemoSummary.print(out, summary, tally, options.show(), options.showAll());
            inspect.accept(tally);
            return summary;
        }
    }

    private void announce(ConceptSpec spec, TargetSwap swap) {
        Checkpoints.announce(settings, ModelAnnouncements.TARGET, spec.target().name(), swap.version(),
                swap.location(), swap.tokenizer(), null, "demo");
        out.printf(Locale.ROOT, "  announced target version %s of %s (%s) after %d samples scored; it is loaded"
                + " beside the current version%n", swap.version(), spec.target().name(), swap.location(), swap.after());
    }

    private String monitorGroup(ConceptSpec spec) {
        return new MonitorConfig(settings, spec).applicationId();
    }

    private void printProgress(RunTally tally, Topics topics, ConceptSpec spec, Generator generator) {
        ProbeSnapshot probe = DemoSummary.latestProbe(tally, spec);
        long skipped = generator.skipped().values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "  generated %5d  skipped %d  activated %5d  scored %5d  dead-lettered %d  disagreements %d"
                        + "  inference lag %d%s%n",
                tally.distinct(topics.samples()), skipped, tally.distinct(topics.activations()), tally.distinct(topics.scores()),
                tally.distinct(topics.deadLetters()), tally.distinct(topics.disagreements()), generator.lag(),
                probe == null ? "" : String.format(Locale.ROOT, "  probe v%d held-out r=%.3f (n=%d)",
                        probe.getVersion(), probe.getHeldOut().getPearson(), probe.getHeldOut().getN()));
    }

    /** Waits until {@code group} has committed every record of {@code topic}. */
    private void awaitCaughtUp(String group, String topic, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(settings.clientProperties())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(topic).partitions().stream()
                        .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
                var ends = admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
                boolean caughtUp = ends.entrySet().stream().allMatch(end -> {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    return end.getValue().offset() == 0 || (at != null && at.offset() >= end.getValue().offset());
                });
                if (caughtUp) {
                    return;
                }
                Thread.sleep(250);
            }
        }
    }

    /** Waits until the counts stop changing and the probe's last snapshot covers every scored sample. */
    private void awaitStable(RunTally tally, Topics topics, ConceptSpec spec, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            ProbeSnapshot probe = DemoSummary.latestProbe(tally, spec);
            String now = topics.all().stream().map(t -> t + "=" + tally.records(t)).collect(Collectors.joining(","))
                    + (probe == null ? "" : probe.getSamplesSeen());
            boolean snapshotCurrent = probe != null && probe.getSamplesSeen() >= tally.distinct(topics.scores());
            if (now.equals(last) && snapshotCurrent) {
                return;
            }
            last = now;
            Thread.sleep(1500);
        }
    }

}
