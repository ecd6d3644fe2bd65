package io.ontobridge.deploy.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.deploy.demo.Demo;
import io.ontobridge.deploy.demo.RunTally;
import io.ontobridge.deploy.stack.LocalStack;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.worlds.shapes.WorldConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One target of the planted-difference trial run through the pipeline on a local stack, as the demo runs it, and
 * measured from its topics ({@link PlantedDetection}). {@code ./ontobridge validate} runs it for each target and
 * prints the table; the integration test runs it on one planted target and the control.
 */
public final class PlantedValidation {
    /** The bar for detection: held-out AUROC of |residual| on every planted target. */
    public static final double AUROC_TARGET = 0.9;

    /**
     * How a trial is run.
     *
     * @param samples      source samples
     * @param timeout      when to give up on the run
     * @param layer        the targets' read-out layer, or null for {@link PlantedTrial#LAYER}
     * @param decoderShare the generator's share of decoded images
     * @param loss         the probe's loss
     * @param calibration  the monitor's threshold calibration, or null for the concept's own
     * @param recordsDir   where to write the disagreements as JSON lines (TARGET.jsonl), or null
     * @param verbose      print the demo's progress and summary
     */
    public record Settings(long samples, Duration timeout, String layer, double decoderShare, String loss,
                           String calibration, Path recordsDir, boolean verbose) {
    }

    /**
     * A trial's outcome.
     *
     * @param spec    the concept the trial ran (the shipped shapes concept with this target)
     * @param planted the label rules the target was trained with (none for the control)
     * @param figures what the run measured
     * @param summary the run's demo summary (the probe's figures)
     * @param seconds how long the run took
     */
    public record Outcome(PlantedTrial trial, ConceptSpec spec, List<WorldConfig.LabelRule> planted, PlantedDetection figures,
                          ObjectNode summary, double seconds) {
        /** The factors the target's rules plant its region along; empty on the control. */
        public Set<String> plantedFactors() {
            return PlantedTrial.plantedFactors(planted);
        }

        /** Whether every hitting group's description ranks a planted factor first (false without hitting groups). */
        public boolean plantedFactorRankedFirst() {
            Map<String, Integer> top = figures.described().topFactors();
            return !top.isEmpty() && plantedFactors().containsAll(top.keySet());
        }

        /** Whether the held-out AUROC reaches {@link #AUROC_TARGET} (false for NaN too). */
        public boolean detectionMet() {
            return figures.detection().aurocAbsResidual() >= AUROC_TARGET;
        }
    }

    private PlantedValidation() {
    }

    /**
     * Runs {@code trial} on the cluster at {@code bootstrap} (a local stack's, or a test's), on topics of its own, with
     * its state under {@code work}.
     *
     * @param home the Ontobridge folder (concepts/, zoo/, worlds/)
     */
    public static Outcome run(String bootstrap, String registryUrl, Path home, Path work, PlantedTrial trial,
                              Settings settings, PrintStream out) throws Exception {
        LocalStack.deleteTree(work.resolve("streams"));
        // Topics of its own per target, so one run's records never count in another's figures.
        String prefix = "validate-" + trial.target() + "-" + UUID.randomUUID().toString().substring(0, 6);
        ServiceSettings services = new ServiceSettings(bootstrap, registryUrl, prefix, 3, work, Map.of());
        ConceptSpec spec = trial.spec(home, work.resolve("validate"), settings.layer(), settings.decoderShare(),
                settings.loss(), settings.calibration());
        List<WorldConfig.LabelRule> planted = trial.rules(home);
        double sameSideFactor = spec.monitor().sameSideFactor();
        long began = System.nanoTime();
        AtomicReference<PlantedDetection> figures = new AtomicReference<>();
        var options = new Demo.Options("validate", spec, settings.samples(), settings.timeout(), 0, null, null);
        PrintStream demoOut = settings.verbose() ? out : new PrintStream(OutputStream.nullOutputStream());
        ObjectNode summary = new Demo(services, options, demoOut).run(tally -> {
            figures.set(PlantedDetection.measure(tally.scores(), tally.disagreements(), PlantedTrial.region(planted),
                    sameSideFactor));
            if (settings.recordsDir() != null) {
                writeRecords(tally.disagreements(), settings.recordsDir().resolve(trial.target() + ".jsonl"));
                writeScores(tally.scores(), settings.recordsDir().resolve(trial.target() + ".scores.jsonl"));
            }
        });
        return new Outcome(trial, spec, planted, figures.get(), summary, (System.nanoTime() - began) / 1e9);
    }

    /** The scores as JSON lines: every figure can be recomputed from them (and the disagreements). */
    static void writeScores(List<RunTally.Scored> scores, Path file) {
        writeLines(file, json -> scores.stream().map(s -> {
            ObjectNode line = json.createObjectNode();
            line.put("sample_id", s.sampleId());
            line.put("mode", s.mode());
            line.set("factors", json.valueToTree(s.factors()));
            line.put("feature", s.feature());
            line.put("prediction", s.prediction());
            line.put("held_out", s.heldOut());
            line.put("scored_at", s.scoredAt().toString());
            return line;
        }).toList());
    }

    /** The disagreements as JSON lines, without their inputs (images): what a reader needs to see where they fell. */
    static void writeRecords(List<Disagreement> found, Path file) {
        writeLines(file, json -> found.stream().map(d -> {
            ObjectNode line = json.createObjectNode();
            line.put("sample_id", d.getSampleId());
            line.put("mode", d.getGeneratorMode());
            line.set("factors", json.valueToTree(d.getFactors()));
            line.put("feature", d.getFeatureValue());
            line.put("prediction", d.getPrediction());
            line.put("size", d.getSize());
            line.put("sides", d.getSides());
            line.put("held_out", d.getHeldOut());
            line.put("probe_status", d.getProbeStatus());
            if (d.getGroup() != null) {
                line.put("group", d.getGroup().getId());
                line.put("group_size", d.getGroup().getSize());
                line.put("new_group", d.getGroup().getIsNew());
                if (d.getGroup().getDescription() != null) {
                    line.put("description", d.getGroup().getDescription().getText());
                }
            }
            return line;
        }).toList());
    }

    private static void writeLines(Path file, Function<ObjectMapper, List<ObjectNode>> lines) {
        ObjectMapper json = new ObjectMapper();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (var writer = Files.newBufferedWriter(file)) {
                for (ObjectNode line : lines.apply(json)) {
                    writer.write(json.writeValueAsString(line));
                    writer.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
