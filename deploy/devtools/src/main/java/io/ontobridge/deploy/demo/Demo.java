package io.ontobridge.deploy.demo;

import io.ontobridge.models.encoder.Checkpoints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.consumers.tail.DisagreementFormat;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.ModelAnnouncements;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.producers.Generator;
import io.ontobridge.producers.GeneratorConfig;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.ProbeSnapshot;
import io.ontobridge.streams.monitor.MonitorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
     */
    public record Options(String scenario, ConceptSpec spec, long samples, Duration timeout, int show, TargetSwap swap) {
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

            ObjectNode summary = summary(spec, tally, topics, elapsed);
            printSummary(summary, tally);
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
        ProbeSnapshot probe = latestProbe(tally, spec);
        out.printf(Locale.ROOT, "  generated %5d  activated %5d  scored %5d  dead-lettered %d  disagreements %d  inference lag %d%s%n",
                tally.distinct(topics.samples()), tally.distinct(topics.activations()), tally.distinct(topics.scores()),
                tally.distinct(topics.deadLetters()), tally.distinct(topics.disagreements()), generator.lag(),
                probe == null ? "" : String.format(Locale.ROOT, "  probe v%d held-out r=%.3f (n=%d)",
                        probe.getVersion(), probe.getHeldOut().getPearson(), probe.getHeldOut().getN()));
    }

    /** The probe of the newest target version that has scored (the spec's before any swap). */
    private ProbeSnapshot latestProbe(RunTally tally, ConceptSpec spec) {
        List<String> versions = List.copyOf(tally.scoredByVersion().keySet());
        String newest = versions.isEmpty() ? spec.target().version() : versions.get(versions.size() - 1);
        return tally.latestProbe(ProbeKeys.of(spec.concept(), spec.target().name(), newest));
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
            ProbeSnapshot probe = latestProbe(tally, spec);
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

    private ObjectNode summary(ConceptSpec spec, RunTally tally, Topics topics, double elapsedSeconds) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode summary = json.createObjectNode();
        summary.put("scenario", options.scenario());
        summary.put("concept", spec.concept());
        summary.put("source_model", spec.source().name());
        summary.put("target_model", spec.target().name());
        ObjectNode samples = summary.putObject("samples");
        long scored = tally.distinct(topics.scores());
        samples.put("generated", tally.distinct(topics.samples()));
        samples.put("activated", tally.distinct(topics.activations()));
        samples.put("scored", scored);
        samples.put("dead_lettered", tally.distinct(topics.deadLetters()));
        long duplicates = 0;
        for (String topic : List.of(topics.samples(), topics.activations(), topics.scores(), topics.disagreements())) {
            duplicates += tally.records(topic) - tally.distinctRecords(topic);
        }
        samples.put("duplicates", duplicates);
        // Generated samples neither scored (by any target version) nor dead-lettered.
        samples.put("lost", Math.max(0, tally.distinct(topics.samples()) - scored - tally.distinct(topics.deadLetters())));
        targets(spec, tally, summary);
        ObjectNode probe = summary.putObject("probe");
        ProbeSnapshot snapshot = latestProbe(tally, spec);
        if (snapshot != null) {
            probe.put("status", snapshot.getStatus());
            probe.put("version", snapshot.getVersion());
            probe.put("trained_on", snapshot.getTrainedOn());
            probe.put("samples_seen", snapshot.getSamplesSeen());
            ObjectNode heldOut = probe.putObject("heldout");
            heldOut.put("n", snapshot.getHeldOut().getN());
            heldOut.put("seen", snapshot.getHeldOut().getSeen());
            heldOut.put("pearson", round(snapshot.getHeldOut().getPearson()));
            heldOut.put("r2", round(snapshot.getHeldOut().getR2()));
            if (snapshot.getHeldOut().getAuroc() != null) {
                heldOut.put("auroc", round(snapshot.getHeldOut().getAuroc()));
                heldOut.put("calibration_error", round(snapshot.getHeldOut().getCalibrationError()));
            }
            ModelRef target = snapshot.getTarget();
            probe.put("target_sha256", target.getSha256());
            if (snapshot.getPrequential() != null) {
                ObjectNode prequential = probe.putObject("prequential");
                prequential.put("n", snapshot.getPrequential().getN());
                prequential.put("pearson", round(snapshot.getPrequential().getPearson()));
                prequential.put("r2", round(snapshot.getPrequential().getR2()));
            }
            if (snapshot.getControl() != null) {
                // The same probe on a control task (the feature values permuted): it should find nothing.
                ObjectNode control = probe.putObject("control");
                control.put("n", snapshot.getControl().getN());
                control.put("r2", round(snapshot.getControl().getR2()));
                probe.put("selectivity", round(snapshot.getSelectivity()));
            }
            if (!snapshot.getBaselines().isEmpty()) {
                // What the target model adds: the probe against the same probe on control read-outs.
                ObjectNode baselines = probe.putObject("baselines");
                for (var baseline : snapshot.getBaselines().entrySet()) {
                    ObjectNode node = baselines.putObject(baseline.getKey());
                    node.put("n", baseline.getValue().getN());
                    node.put("pearson", round(baseline.getValue().getPearson()));
                    node.put("r2", round(baseline.getValue().getR2()));
                }
                probe.put("lift", round(snapshot.getLift()));
            }
            if (!snapshot.getHeldOutByMode().isEmpty()) {
                ObjectNode byMode = summary.putObject("heldout_by_mode");
                snapshot.getHeldOutByMode().forEach((mode, fidelity) -> {
                    ObjectNode node = byMode.putObject(mode);
                    node.put("n", fidelity.getN());
                    node.put("pearson", round(fidelity.getPearson()));
                    node.put("r2", round(fidelity.getR2()));
                });
            }
            if (snapshot.getGroundTruth() != null) {
                ObjectNode truth = summary.putObject("ground_truth");
                truth.put("factor", snapshot.getGroundTruth().getFactor());
                truth.put("n", snapshot.getGroundTruth().getN());
                truth.put("source_corr", round(snapshot.getGroundTruth().getSourceCorr()));
                truth.put("probe_corr", round(snapshot.getGroundTruth().getProbeCorr()));
            }
        }
        summary.putObject("disagreements").put("emitted", tally.distinct(topics.disagreements()));
        double flow = tally.flowSeconds();
        summary.put("throughput_per_s", round(flow > 0 ? scored / flow : 0));
        summary.put("elapsed_s", round(elapsedSeconds));
        summary.put("undecodable_records", tally.undecodable());
        return summary;
    }

    /** Per target version: what it scored and its probe; and how the last two versions compare. */
    private void targets(ConceptSpec spec, RunTally tally, ObjectNode summary) {
        var targets = summary.putArray("targets");
        String previous = null;
        for (var scored : tally.scoredByVersion().entrySet()) {
            ObjectNode node = targets.addObject();
            node.put("target_model", spec.target().name());
            node.put("version", scored.getKey());
            node.put("samples_scored", scored.getValue());
            ProbeSnapshot snapshot = tally.latestProbe(ProbeKeys.of(spec.concept(), spec.target().name(), scored.getKey()));
            if (snapshot != null) {
                ObjectNode probe = node.putObject("probe");
                probe.put("status", snapshot.getStatus());
                probe.put("samples_seen", snapshot.getSamplesSeen());
                ObjectNode heldOut = probe.putObject("heldout");
                heldOut.put("n", snapshot.getHeldOut().getN());
                heldOut.put("pearson", round(snapshot.getHeldOut().getPearson()));
                heldOut.put("r2", round(snapshot.getHeldOut().getR2()));
            }
            var status = tally.latestStatus(ProbeKeys.of(spec.concept(), spec.target().name(), scored.getKey()));
            if (previous != null && status != null && status.getComparison() != null) {
                var c = status.getComparison();
                ObjectNode comparison = summary.putObject("comparison");
                comparison.put("from", c.getFromVersion());
                comparison.put("to", scored.getKey());
                comparison.put("fidelity_before", round(c.getFidelityBefore()));
                comparison.put("fidelity_after", round(c.getFidelityAfter()));
                comparison.put("probe_disagreement_share", round(c.getProbeDisagreementShare()));
                comparison.put("prediction_pearson", round(c.getPredictionPearson()));
                comparison.put("samples", c.getSamples());
            }
            previous = scored.getKey();
        }
    }

    private void printSummary(ObjectNode summary, RunTally tally) {
        out.println();
        out.printf(Locale.ROOT, "Ontobridge demo: concept '%s', %s -> %s%n", summary.path("concept").asText(),
                summary.path("source_model").asText(), summary.path("target_model").asText());
        var samples = summary.path("samples");
        var probe = summary.path("probe");
        row("samples generated", samples.path("generated").asText());
        row("samples activated", samples.path("activated").asText());
        row("samples scored", samples.path("scored").asText());
        row("dead-lettered", samples.path("dead_lettered").asText());
        row("duplicates", samples.path("duplicates").asText());
        row("lost", samples.path("lost").asText());
        if (summary.path("targets").size() > 1) {
            for (JsonNode target : summary.path("targets")) {
                row("target version " + target.path("version").asText(), target.path("samples_scored").asText()
                        + " scored, probe " + target.path("probe").path("status").asText("-") + ", held-out Pearson "
                        + target.path("probe").path("heldout").path("pearson").asText("-"));
            }
            JsonNode c = summary.path("comparison");
            if (!c.isMissingNode()) {
                row("version comparison", c.path("from").asText() + " -> " + c.path("to").asText() + ": fidelity "
                        + c.path("fidelity_before").asText() + " -> " + c.path("fidelity_after").asText()
                        + ", probes disagree on " + c.path("probe_disagreement_share").asText() + " of "
                        + c.path("samples").asText() + " samples");
            }
        }
        row("probe status", probe.path("status").asText("-"));
        row("probe version (steps)", probe.path("version").asText("-"));
        row("probe trained on", probe.path("trained_on").asText("-"));
        row("held-out Pearson", probe.path("heldout").path("pearson").asText("-")
                + "  (last " + probe.path("heldout").path("n").asText("0") + " held-out samples)");
        row("held-out R^2", probe.path("heldout").path("r2").asText("-"));
        if (probe.path("heldout").has("auroc")) {
            row("held-out AUROC", probe.path("heldout").path("auroc").asText() + "  (calibration error "
                    + probe.path("heldout").path("calibration_error").asText() + ")");
        }
        summary.path("heldout_by_mode").fields().forEachRemaining(mode -> row("  on " + mode.getKey() + " samples",
                "Pearson " + mode.getValue().path("pearson").asText() + "  R^2 " + mode.getValue().path("r2").asText()
                        + "  (n=" + mode.getValue().path("n").asText() + ")"));
        if (probe.has("control")) {
            row("control task R^2", String.format(Locale.ROOT, "%.4f", probe.path("control").path("r2").asDouble()));
            row("selectivity", probe.path("selectivity").asText());
        }
        probe.path("baselines").fields().forEachRemaining(baseline -> row("baseline " + baseline.getKey() + " R^2",
                baseline.getValue().path("r2").asText()));
        if (probe.has("lift")) {
            row("lift (R^2 over baselines)", probe.path("lift").asText());
        }
        JsonNode truth = summary.path("ground_truth");
        if (!truth.isMissingNode()) {
            row("true factor", truth.path("factor").asText() + ": source r=" + truth.path("source_corr").asText()
                    + ", probe r=" + truth.path("probe_corr").asText() + "  (n=" + truth.path("n").asText() + ")");
        }
        row("disagreements", summary.path("disagreements").path("emitted").asText());
        row("throughput", summary.path("throughput_per_s").asText() + " samples/s");
        row("elapsed", summary.path("elapsed_s").asText() + " s");
        List<io.ontobridge.schema.Disagreement> found = tally.disagreements();
        if (!found.isEmpty() && options.show() > 0) {
            out.println();
            out.println("Some disagreements (./ontobridge tail --from-beginning shows them all):");
            found.stream().limit(options.show()).forEach(d -> out.println(DisagreementFormat.readable(d)));
        }
    }

    private void row(String name, String value) {
        out.printf(Locale.ROOT, "  %-24s %s%n", name, value);
    }

    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1e4) / 1e4 : Double.NaN;
    }

    public static void writeSummary(ObjectNode summary, Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary) + "\n");
    }

}
