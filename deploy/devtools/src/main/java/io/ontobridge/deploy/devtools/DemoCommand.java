package io.ontobridge.deploy.devtools;

import io.ontobridge.deploy.cli.ConceptOptions;
import io.ontobridge.deploy.demo.Demo;
import io.ontobridge.deploy.demo.DemoSummary;
import io.ontobridge.deploy.stack.LocalStack;
import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the four services on a concept transfer and summarize what came out.",
                "Without --bootstrap/--registry it starts a local Kafka broker and schema registry first."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;
    @Mixin
    ConceptOptions concept;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "3000", description = "Source samples to generate and score (default: ${DEFAULT-VALUE})")
    long samples;

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write the summary as JSON to FILE")
    Path summaryFile;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Model cache and local data (default: .ontobridge in the Ontobridge folder)")
    Path workDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800", description = "Give up after this long (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--show", paramLabel = "N", defaultValue = "3", description = "Disagreements to print at the end (default: ${DEFAULT-VALUE})")
    int show;

    @Option(names = "--swap-target-after", paramLabel = "N",
            description = {"Announce a new version of the target model once N samples are scored (text: e5-small-v2; shapes: a",
                    "retrained CNN, zoo/shapes-cnn-2); it is loaded beside the current one, both run side by side for",
                    "the spec's follow.side_by_side samples, and the summary compares the two."})
    Long swapAfter;

    @Option(names = "--swap-to", paramLabel = "LOCATION",
            description = "The new version's weights file, zoo model folder or classpath:NAME (default: the scenario's)")
    String swapTo;

    @Option(names = "--swap-version", paramLabel = "VERSION", description = "The new version's name (default: the scenario's)")
    String swapVersion;

    @Option(names = "--swap-tokenizer", paramLabel = "LOCATION", description = "Text: the new version's tokenizer.json (default: the scenario's, else the spec's)")
    String swapTokenizer;

    /** The checkpoint each built-in scenario swaps to: version, location, tokenizer. */
    private static final Map<String, String[]> SWAPS = Map.of(
            "text", new String[]{"e5-small-v2", "classpath:e5-small-v2.onnx", "classpath:e5-small-v2-tokenizer.json"},
            "shapes", new String[]{"2", "zoo/shapes-cnn-2", null});

    private Demo.TargetSwap swap() {
        if (swapAfter == null) {
            return null;
        }
        if (swapAfter < 0 || swapAfter >= samples) {
            throw new IllegalArgumentException("--swap-target-after: must be between 0 and --samples (" + samples + "), got " + swapAfter);
        }
        String[] builtIn = concept.builtInScenario() != null ? SWAPS.get(concept.builtInScenario()) : null;
        if (swapTo == null && builtIn == null) {
            throw new IllegalArgumentException("--swap-to: name the new target checkpoint (a spec of your own has no built-in one)");
        }
        String location = swapTo != null ? swapTo : builtIn[1];
        if (!location.startsWith("classpath:")) {
            Path path = swapTo != null ? Path.of(location) : ConceptOptions.home().resolve(location);
            location = path.toAbsolutePath().normalize().toString();
        }
        String version = swapVersion != null ? swapVersion : builtIn != null && swapTo == null ? builtIn[0] : "2";
        String tokenizer = swapTokenizer != null ? swapTokenizer : builtIn != null && swapTo == null ? builtIn[2] : null;
        return new Demo.TargetSwap(swapAfter, version, location, tokenizer);
    }

    @Override
    public Integer call() throws Exception {
        var spec = concept.load();
        Demo.TargetSwap swap = swap();
        Path work = workDir != null ? workDir : ConceptOptions.home().resolve(".ontobridge");
        boolean external = connection.hasConnection();
        LocalStack stack = null;
        try {
            ServiceSettings settings;
            if (external) {
                settings = connection.settings();
                Preflight.check(settings);
            } else {
                System.out.println("starting a local Kafka broker and schema registry...");
                // Takes the work folder's lock first: a stack already running there is refused, not wiped.
                stack = LocalStack.start(work.resolve("stack"));
                System.out.println("bootstrap=" + stack.bootstrap());
                System.out.println("registry=" + stack.registryUrl());
                // A fresh broker: local stream state from an earlier run would not match it.
                LocalStack.deleteTree(work.resolve("streams"));
                settings = new ServiceSettings(stack.bootstrap(), stack.registryUrl(), null, 3, work, Map.of());
            }
            var options = new Demo.Options(concept.scenarioLabel(), spec, samples, Duration.ofSeconds(timeoutSeconds), show,
                    swap, showAll(settings, external ? null : workDirFlag()));
            var summary = new Demo(settings, options, System.out).run();
            if (summaryFile != null) {
                DemoSummary.writeSummary(summary, summaryFile);
                System.out.println("summary written to " + summaryFile);
            }
            return 0;
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    /**
     * How to see every disagreement once the demo has ended. On a cluster of the user's own: tail it. On the
     * local stack, gone with the demo: its data stays in the work folder, and {@code up --keep} brings it back
     * on the same ports. {@code localWorkDirFlag} is null for a cluster of the user's own, else the
     * {@code --work-dir} flag to repeat ("" for the default).
     */
    static String showAll(ServiceSettings settings, String localWorkDirFlag) {
        String tail = "./ontobridge tail --from-beginning --bootstrap " + settings.bootstrap() + " --registry "
                + settings.registry()
                + (Topics.DEFAULT_PREFIX.equals(settings.topicPrefix()) ? "" : " --topic-prefix " + settings.topicPrefix());
        if (localWorkDirFlag == null) {
            return tail + (settings.kafka().isEmpty() ? "" : " with the same kafka.* settings") + " shows them all";
        }
        return "./ontobridge up --keep" + localWorkDirFlag + " restarts this stack with its data, then " + tail
                + " shows them all";
    }

    private String workDirFlag() {
        return workDir == null ? "" : " --work-dir " + workDir;
    }
}
