package io.ontobridge.deploy.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.deploy.cli.ConceptOptions;
import io.ontobridge.deploy.demo.DemoSummary;
import io.ontobridge.deploy.stack.LocalStack;
import io.ontobridge.deploy.validate.PlantedDetection;
import io.ontobridge.deploy.validate.PlantedTrial;
import io.ontobridge.deploy.validate.PlantedValidation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Run the pipeline on each planted-difference target and on its control (zoo/shapes-cnn-planted-*,",
                "zoo/shapes-cnn-control) and measure from the topics how well the monitor finds each planted region:",
                "AUROC of |residual| on held-out samples, attention lift, group precision and recall, false alarms per",
                "1000 samples and samples to the first detection (docs/validation.md). Starts a local broker and registry."})
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--samples", paramLabel = "N", defaultValue = "10000", description = "Source samples per target (default: ${DEFAULT-VALUE})")
    long samples;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure, and each run's demo summary, as JSON to FILE")
    Path jsonFile;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Model cache and local data (default: .ontobridge in the Ontobridge folder)")
    Path workDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "900", description = "Give up on one target's run after this long (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--only", paramLabel = "TARGET", description = "Run only this target (e.g. shapes-cnn-planted-size)")
    String only;

    @Option(names = "--layer", paramLabel = "LAYER", description = "Read the targets at this layer (default: " + PlantedTrial.LAYER + ", their decision); e.g. hidden, logits")
    String layer;

    @Option(names = "--decoder-share", paramLabel = "S", description = "Share of samples the source VAE decodes from its prior (default: ${DEFAULT-VALUE}: the world's scenes only; the concept's own is 0.25)")
    double decoderShare = PlantedTrial.DECODER_SHARE;

    @Option(names = "--loss", paramLabel = "LOSS", description = "The probe's loss: huber (default) or squared (the concept's own)")
    String loss = PlantedTrial.LOSS;

    @Option(names = "--calibration", paramLabel = "C", description = "The monitor's threshold calibration: robust (the concept's own) or quantile")
    String calibration;

    @Option(names = "--records", paramLabel = "DIR", description = "Also write each target's disagreements (without their inputs) and scores as JSON lines: DIR/TARGET.jsonl, DIR/TARGET.scores.jsonl")
    Path recordsDir;

    @Option(names = "--verbose", description = "Print each run's progress and demo summary")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Path home = ConceptOptions.home();
        Path work = (workDir != null ? workDir : home.resolve(".ontobridge")).toAbsolutePath();
        List<PlantedTrial> trials = PlantedTrial.ALL.stream().filter(t -> only == null || t.target().equals(only)).toList();
        if (trials.isEmpty()) {
            System.err.println("--only: no planted target '" + only + "' (known: " + String.join(", ",
                    PlantedTrial.ALL.stream().map(PlantedTrial::target).toList()) + ")");
            return 2;
        }
        var settings = new PlantedValidation.Settings(samples, Duration.ofSeconds(timeoutSeconds), layer, decoderShare,
                loss, calibration, recordsDir, verbose);
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        report.put("date", Instant.now().toString());
        report.put("samples_per_target", samples);
        report.put("layer", layer == null ? PlantedTrial.LAYER : layer);
        report.put("decoder_share", decoderShare);
        report.put("loss", loss);
        report.put("calibration", calibration == null ? "robust" : calibration);
        ArrayNode runs = report.putArray("targets");
        List<PlantedValidation.Outcome> outcomes = new ArrayList<>();
        System.out.println("starting a local Kafka broker and schema registry...");
        try (LocalStack stack = LocalStack.start(work.resolve("stack"))) {
            for (PlantedTrial trial : trials) {
                System.out.printf(Locale.ROOT, "%s: planted region %s; %d samples...%n", trial.target(),
                        PlantedTrial.regionText(trial.rules(home)), samples);
                PlantedValidation.Outcome outcome = PlantedValidation.run(stack.bootstrap(), stack.registryUrl(), home,
                        work, trial, settings, System.out);
                outcomes.add(outcome);
                PlantedDetection f = outcome.figures();
                System.out.printf(Locale.ROOT, "  done in %.0f s: %d scored, %d flagged, %d alerts in %d groups%n",
                        outcome.seconds(), f.counts().samples(), f.attention().flagged(), f.attention().alerts(),
                        f.groups().groups());
                if (f.described().largestDescription() != null) {
                    System.out.println("  largest hitting group: " + f.described().largestDescription());
                }
                runs.add(json(json, outcome));
            }
        }
        print(outcomes.stream().map(ValidateCommand::row).toList());
        List<PlantedValidation.Outcome> planted = outcomes.stream().filter(o -> !o.planted().isEmpty()).toList();
        if (!planted.isEmpty()) {
            System.out.printf(Locale.ROOT, "held-out AUROC of |residual| >= %.1f on every planted target: %s%n",
                    PlantedValidation.AUROC_TARGET,
                    planted.stream().allMatch(PlantedValidation.Outcome::detectionMet) ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "every hitting group's description ranks the planted factor first: %s%n",
                    planted.stream().allMatch(PlantedValidation.Outcome::plantedFactorRankedFirst) ? "yes" : "NO");
        }
        if (jsonFile != null) {
            DemoSummary.writeSummary(report, jsonFile);
            System.out.println("figures written to " + jsonFile);
        }
        return 0;
    }

    private static ObjectNode json(ObjectMapper json, PlantedValidation.Outcome outcome) {
        ObjectNode run = json.createObjectNode();
        run.put("target", outcome.trial().target());
        run.put("world", outcome.trial().model().world());
        run.put("planted_region", PlantedTrial.regionText(outcome.planted()));
        run.put("seconds", Math.round(outcome.seconds() * 10) / 10.0);
        run.set("detection", withoutNaN(json.valueToTree(outcome.figures())));
        if (!outcome.planted().isEmpty()) {
            run.put("planted_factors", String.join(",", outcome.plantedFactors()));
            run.put("hitting_groups_rank_planted_factor_first", outcome.plantedFactorRankedFirst());
        }
        run.set("demo_summary", outcome.summary());
        return run;
    }

    private static String[] row(PlantedValidation.Outcome outcome) {
        PlantedDetection f = outcome.figures();
        var d = f.detection();
        var a = f.attention();
        var g = f.groups();
        var fa = f.falseAlarms();
        ObjectNode summary = outcome.summary();
        return new String[]{outcome.trial().target(),
                f.counts().inRegion() + "/" + f.counts().worldDraws(),
                Double.isNaN(d.aurocAbsResidual()) ? "-" : fixed(d.aurocAbsResidual(), 3) + " +-"
                        + fixed(d.aurocAbsResidualSe(), 3) + " (n " + f.counts().heldOutIn() + ")",
                fixed(d.aurocSigned(), 3),
                fixed(d.aurocAfterWarmUp(), 3),
                fixed(a.lift(), 2),
                g.hitting() + "/" + g.groups() + " (" + fixed(g.precision(), 2) + ", " + fixed(g.recall(), 2) + ")",
                fixed(fa.flaggedPer1000World(), 1) + " / " + fixed(fa.alertsPer1000World(), 1) + " / "
                        + fixed(fa.groupsPer1000(), 1),
                f.samplesToFirstDetection() < 0 ? "none" : Long.toString(f.samplesToFirstDetection()),
                f.described().topFactors().isEmpty() ? "-" : f.described().topFactors().toString()
                        .replace("=", " x").replace("{", "").replace("}", ""),
                summary.path("probe").path("status").asText("-") + " r "
                        + summary.path("probe").path("heldout").path("pearson").asText("-")};
    }

    private static void print(List<String[]> rows) {
        String[] header = {"target", "in region", "held-out AUROC |res|", "signed", "after warm-up", "lift",
                "groups hit (P, R)", "per 1000: flagged / alerts (world) / groups", "first in region",
                "hitting groups rank first", "probe"};
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] width = new int[header.length];
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        System.out.println();
        for (String[] r : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + (width[i] + 2) + "s", r[i]));
            }
            System.out.println(line.toString().stripTrailing());
        }
        System.out.println();
    }

    private static String fixed(double value, int digits) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    /** JSON has no NaN: a figure that cannot be computed (no region, no disagreement) is null, at any depth. */
    private static JsonNode withoutNaN(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNumber() && Double.isNaN(field.getValue().asDouble())) {
                    field.setValue(object.nullNode());
                } else {
                    withoutNaN(field.getValue());
                }
            }
        }
        return node;
    }
}
