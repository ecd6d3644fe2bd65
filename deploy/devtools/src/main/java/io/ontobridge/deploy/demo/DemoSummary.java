package io.ontobridge.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.consumers.tail.DisagreementFormat;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.probe.metrics.PearsonInterval;
import io.ontobridge.schema.HeldOutFidelity;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.ProbeSnapshot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's summary: counts of the run read back from the topics (generated, activated, scored, dead-lettered,
 * duplicates, lost), the probe's fidelity with its controls and baselines, per target version, the comparison of
 * consecutive versions; as JSON and as the table the demo prints.
 */
public final class DemoSummary {
    private DemoSummary() {
    }

    /** The probe of the newest target version that has scored (the spec's before any swap). */
    static ProbeSnapshot latestProbe(RunTally tally, ConceptSpec spec) {
        List<String> versions = List.copyOf(tally.scoredByVersion().keySet());
        String newest = versions.isEmpty() ? spec.target().version() : versions.get(versions.size() - 1);
        return tally.latestProbe(ProbeKeys.of(spec.concept(), spec.target().name(), newest));
    }

    /**
     * The summary of a run, every count read back from the topics (the JSON {@code --summary} writes), but for
     * {@code skipped}: the generator's own count of inputs that never became samples (they are on no topic).
     */
    static ObjectNode of(String scenario, ConceptSpec spec, RunTally tally, Topics topics, double elapsedSeconds,
                         Map<String, Long> skipped) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode summary = json.createObjectNode();
        summary.put("scenario", scenario);
        summary.put("concept", spec.concept());
        summary.put("source_model", spec.source().name());
        summary.put("target_model", spec.target().name());
        ObjectNode samples = summary.putObject("samples");
        long scored = tally.distinct(topics.scores());
        samples.put("generated", tally.distinct(topics.samples()));
        samples.put("distinct_inputs", tally.distinctInputs());
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
        ObjectNode skips = samples.putObject("skipped");
        skipped.forEach(skips::put);
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
            putInterval(heldOut, snapshot.getHeldOut());
            heldOut.put("r2", round(snapshot.getHeldOut().getR2()));
            if (snapshot.getHeldOut().getAuroc() != null) {
                heldOut.put("auroc", round(snapshot.getHeldOut().getAuroc()));
                heldOut.put("calibration_error", round(snapshot.getHeldOut().getCalibrationError()));
            }
            ProbeFigures.putBootstrap(heldOut, snapshot.getHeldOut());
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
                control.put("pearson", round(snapshot.getControl().getPearson()));
                control.put("r2", round(snapshot.getControl().getR2()));
                ProbeFigures.putBootstrap(control, snapshot.getControl());
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
                    ProbeFigures.putBootstrap(node, baseline.getValue());
                }
                probe.put("lift", round(snapshot.getLift()));
            }
            ProbeFigures.put(probe, snapshot);
            if (!snapshot.getHeldOutByMode().isEmpty()) {
                ObjectNode byMode = summary.putObject("heldout_by_mode");
                snapshot.getHeldOutByMode().forEach((mode, fidelity) -> {
                    ObjectNode node = byMode.putObject(mode);
                    node.put("n", fidelity.getN());
                    node.put("pearson", round(fidelity.getPearson()));
                    node.put("r2", round(fidelity.getR2()));
                    putInterval(node, fidelity);
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
    private static void targets(ConceptSpec spec, RunTally tally, ObjectNode summary) {
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

    /**
     * The summary as the demo prints it, and the first {@code show} disagreements under a heading that names
     * {@code showAll} (how to see them all), if not null.
     */
    static void print(PrintStream out, ObjectNode summary, RunTally tally, int show, String showAll) {
        out.println();
        out.printf(Locale.ROOT, "Ontobridge demo: concept '%s', %s -> %s%n", summary.path("concept").asText(),
                summary.path("source_model").asText(), summary.path("target_model").asText());
        var samples = summary.path("samples");
        var probe = summary.path("probe");
        row(out, "samples generated", samples.path("generated").asText() + "  (" + samples.path("distinct_inputs")
                .asText() + " distinct inputs; the held-out split is by input, so a repeated one stays on its side)");
        row(out, "samples activated", samples.path("activated").asText());
        row(out, "samples scored", samples.path("scored").asText());
        row(out, "dead-lettered", samples.path("dead_lettered").asText());
        row(out, "duplicates", samples.path("duplicates").asText());
        row(out, "lost", samples.path("lost").asText());
        var skipped = samples.path("skipped");
        row(out, "inputs skipped", String.format(Locale.ROOT, "%d blank, %d too long (corpus lines), %d rejected by the source model",
                skipped.path("blank").asLong(), skipped.path("too_long").asLong(), skipped.path("rejected").asLong()));
        if (summary.path("targets").size() > 1) {
            for (JsonNode target : summary.path("targets")) {
                row(out, "target version " + target.path("version").asText(), target.path("samples_scored").asText()
                        + " scored, probe " + target.path("probe").path("status").asText("-") + ", held-out Pearson "
                        + target.path("probe").path("heldout").path("pearson").asText("-"));
            }
            JsonNode c = summary.path("comparison");
            if (!c.isMissingNode()) {
                row(out, "version comparison", c.path("from").asText() + " -> " + c.path("to").asText() + ": fidelity "
                        + c.path("fidelity_before").asText() + " -> " + c.path("fidelity_after").asText()
                        + ", probes disagree on " + c.path("probe_disagreement_share").asText() + " of "
                        + c.path("samples").asText() + " samples");
            }
        }
        row(out, "probe status", probe.path("status").asText("-"));
        row(out, "probe version (steps)", probe.path("version").asText("-"));
        row(out, "probe trained on", probe.path("trained_on").asText("-"));
        JsonNode ci = probe.path("heldout").path("pearson_ci95");
        JsonNode heldOut = probe.path("heldout");
        row(out, "held-out Pearson", heldOut.path("pearson").asText("-")
                + "  (last " + heldOut.path("n").asText("0") + " held-out samples"
                + (ci.isArray() ? ", 95% CI " + ci.get(0).asText() + " to " + ci.get(1).asText() + " (Fisher)" : "")
                + ProbeFigures.bootstrapNote(heldOut, "pearson_bootstrap95", ", ") + ")");
        row(out, "held-out R^2", heldOut.path("r2").asText("-") + (heldOut.has("r2_bootstrap95")
                ? ProbeFigures.bootstrapNote(heldOut, "r2_bootstrap95", "  (") + ")" : ""));
        if (heldOut.has("auroc")) {
            row(out, "held-out AUROC", heldOut.path("auroc").asText() + "  (calibration error "
                    + heldOut.path("calibration_error").asText() + ProbeFigures.bootstrapNote(heldOut,
                    "auroc_bootstrap95", ", AUROC ") + ")");
        }
        summary.path("heldout_by_mode").fields().forEachRemaining(mode -> row(out, "  on " + mode.getKey() + " samples",
                modeFigures(mode.getValue())));
        if (probe.has("control")) {
            row(out, "control task R^2", String.format(Locale.ROOT, "%.4f", probe.path("control").path("r2").asDouble())
                    + (probe.path("control").has("r2_bootstrap95") ? ProbeFigures.bootstrapNote(probe.path("control"),
                    "r2_bootstrap95", "  (") + ")" : ""));
            row(out, "selectivity", probe.path("selectivity").asText());
        }
        probe.path("baselines").fields().forEachRemaining(baseline -> row(out, "baseline " + baseline.getKey() + " R^2",
                baseline.getValue().path("r2").asText() + ProbeFigures.bootstrapNote(baseline.getValue(),
                        "r2_bootstrap95", "  (") + (baseline.getValue().has("r2_bootstrap95") ? ")" : "")
                        + "  Pearson " + baseline.getValue().path("pearson").asText()));
        if (probe.has("lift")) {
            row(out, "lift (R^2 over baselines)", probe.path("lift").asText());
        }
        ProbeFigures.print(probe, (name, value) -> row(out, name, value));
        JsonNode truth = summary.path("ground_truth");
        if (!truth.isMissingNode()) {
            row(out, "true factor", truth.path("factor").asText() + ": source r=" + truth.path("source_corr").asText()
                    + ", probe r=" + truth.path("probe_corr").asText() + "  (n=" + truth.path("n").asText() + ")");
        }
        row(out, "disagreements", summary.path("disagreements").path("emitted").asText());
        row(out, "throughput", summary.path("throughput_per_s").asText() + " samples/s");
        row(out, "elapsed", summary.path("elapsed_s").asText() + " s");
        List<io.ontobridge.schema.Disagreement> found = tally.disagreements();
        if (!found.isEmpty() && show > 0) {
            out.println();
            out.println(disagreementsHeading(showAll));
            found.stream().limit(show).forEach(d -> out.println(DisagreementFormat.readable(d)));
        }
    }

    /** One mode's held-out figures; over fewer than {@link PearsonInterval#MIN_N} samples, only that they are few. */
    static String modeFigures(JsonNode mode) {
        JsonNode ci = mode.path("pearson_ci95");
        if (!ci.isArray()) {
            return "n=" + mode.path("n").asText() + ": too few held-out samples to judge (at least "
                    + PearsonInterval.MIN_N + ")";
        }
        return "Pearson " + mode.path("pearson").asText() + "  R^2 " + mode.path("r2").asText() + "  (n="
                + mode.path("n").asText() + ", Pearson 95% CI " + ci.get(0).asText() + " to " + ci.get(1).asText() + ")";
    }

    /** The line above the disagreements printed; says how to see them all only when that works. */
    static String disagreementsHeading(String showAll) {
        return showAll == null ? "Some disagreements:" : "Some disagreements (" + showAll + "):";
    }

    private static void row(PrintStream out, String name, String value) {
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

    /** The Pearson figure's 95% interval as {@code pearson_ci95: [low, high]}, when there are enough samples. */
    static void putInterval(ObjectNode node, HeldOutFidelity fidelity) {
        PearsonInterval interval = PearsonInterval.of(fidelity.getPearson(), fidelity.getN());
        if (interval != null) {
            node.putArray("pearson_ci95").add(round(interval.low())).add(round(interval.high()));
        }
    }
}
