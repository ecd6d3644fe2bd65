package io.ontobridge.deploy.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.deploy.cli.ConceptOptions;
import io.ontobridge.deploy.demo.Demo;
import io.ontobridge.deploy.demo.DemoSummary;
import io.ontobridge.deploy.stack.LocalStack;
import io.ontobridge.deploy.validate.PlantedDetection;
import io.ontobridge.deploy.validate.PlantedTrial;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.worlds.shapes.WorldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

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

    @Option(names = "--verbose", description = "Print each run's progress and demo summary")
    boolean verbose;

    /** The bar for detection: held-out AUROC of |residual| on every planted target. */
    static final double AUROC_TARGET = 0.9;

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
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        report.put("date", Instant.now().toString());
        report.put("samples_per_target", samples);
        report.put("layer", layer == null ? PlantedTrial.LAYER : layer);
        report.put("decoder_share", decoderShare);
        report.put("loss", loss);
        ArrayNode runs = report.putArray("targets");
        List<String[]> table = new ArrayList<>();
        boolean anyPlanted = false;
        boolean met = true;
        boolean described = true;
        System.out.println("starting a local Kafka broker and schema registry...");
        try (LocalStack stack = LocalStack.start(work.resolve("stack"))) {
            for (PlantedTrial trial : trials) {
                DemoCommand.deleteTree(work.resolve("streams"));
                // Topics of its own per target, so one run's records never count in another's figures.
                String prefix = "validate-" + trial.target() + "-" + UUID.randomUUID().toString().substring(0, 6);
                ServiceSettings settings = new ServiceSettings(stack.bootstrap(), stack.registryUrl(), prefix, 3, work, Map.of());
                ConceptSpec spec = trial.spec(home, work.resolve("validate"), layer, decoderShare, loss);
                List<WorldConfig.LabelRule> planted = trial.rules(home);
                String regionText = PlantedTrial.regionText(planted);
                System.out.printf(Locale.ROOT, "%s: planted region %s; %d samples...%n", trial.target(), regionText,
                        samples);
                long began = System.nanoTime();
                AtomicReference<PlantedDetection> figures = new AtomicReference<>();
                var options = new Demo.Options("validate", spec, samples, Duration.ofSeconds(timeoutSeconds), 0, null, null);
                PrintStream demoOut = verbose ? System.out : new PrintStream(OutputStream.nullOutputStream());
                ObjectNode summary = new Demo(settings, options, demoOut).run(tally -> figures.set(
                        PlantedDetection.measure(tally.scores(), tally.disagreements(), PlantedTrial.region(planted))));
                double seconds = (System.nanoTime() - began) / 1e9;
                PlantedDetection f = figures.get();
                ObjectNode run = runs.addObject();
                run.put("target", trial.target());
                run.put("world", trial.model().world());
                run.put("planted_region", regionText);
                run.put("seconds", Math.round(seconds * 10) / 10.0);
                run.set("detection", withoutNaN(json.valueToTree(f)));
                run.set("demo_summary", summary);
                table.add(row(trial, f, summary));
                System.out.printf(Locale.ROOT, "  done in %.0f s: %d scored, %d disagreements%n", seconds, f.samples(),
                        f.disagreements());
                if (!planted.isEmpty()) {
                    anyPlanted = true;
                    met &= f.aurocAbsResidual() >= AUROC_TARGET; // false for NaN too
                    var factors = PlantedTrial.plantedFactors(planted);
                    boolean named = !f.hittingTopFactors().isEmpty()
                            && f.hittingTopFactors().keySet().stream().allMatch(factors::contains);
                    run.put("planted_factors", String.join(",", factors));
                    run.put("hitting_groups_rank_planted_factor_first", named);
                    described &= named;
                    if (f.hittingDescription() != null) {
                        System.out.println("  largest hitting group: " + f.hittingDescription());
                    }
                }
            }
        }
        print(table);
        if (anyPlanted) {
            System.out.printf(Locale.ROOT, "held-out AUROC of |residual| >= %.1f on every planted target: %s%n",
                    AUROC_TARGET, met ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "every hitting group's description ranks the planted factor first: %s%n",
                    described ? "yes" : "NO");
        }
        if (jsonFile != null) {
            DemoSummary.writeSummary(report, jsonFile);
            System.out.println("figures written to " + jsonFile);
        }
        return 0;
    }

    private static String[] row(PlantedTrial trial, PlantedDetection f, ObjectNode summary) {
        return new String[]{trial.target(),
                f.inRegion() + "/" + f.withTruth(),
                Double.isNaN(f.aurocAbsResidual()) ? "-" : fixed(f.aurocAbsResidual(), 3) + " +-"
                        + fixed(f.aurocAbsResidualSe(), 3) + " (n " + f.heldOutIn() + ")",
                fixed(f.aurocSignedResidual(), 3),
                fixed(f.aurocAbsResidualAfterWarmUp(), 3),
                fixed(f.aurocConditional(), 3),
                fixed(f.attentionLift(), 2),
                f.groupsHitting() + "/" + f.groups() + " (" + fixed(f.groupPrecision(), 2) + ", " + fixed(f.groupRecall(), 2) + ")",
                fixed(f.disagreementsPer1000(), 1) + " (" + fixed(f.worldDisagreementsPer1000(), 1) + ") / "
                        + fixed(f.groupsPer1000(), 1),
                f.samplesToFirstDetection() < 0 ? "none" : Long.toString(f.samplesToFirstDetection()),
                f.hittingTopFactors().isEmpty() ? "-" : f.hittingTopFactors().toString().replace("=", " x").replace("{", "").replace("}", ""),
                summary.path("probe").path("status").asText("-") + " r " + summary.path("probe").path("heldout").path("pearson").asText("-")};
    }

    private static void print(List<String[]> rows) {
        String[] header = {"target", "in region", "held-out AUROC |res|", "signed", "after warm-up", "by source decile", "lift", "groups hit (P, R)",
                "disagree (world draws) / groups per 1000", "first in region", "hitting groups rank first", "probe"};
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

    /** JSON has no NaN: a figure that cannot be computed (no region, no disagreement) is null. */
    private static JsonNode withoutNaN(JsonNode node) {
        ObjectNode object = (ObjectNode) node;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNumber() && Double.isNaN(field.getValue().asDouble())) {
                field.setValue(object.nullNode());
            }
        }
        return object;
    }
}
