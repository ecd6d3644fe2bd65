package io.ontobridge.deploy.cli;

import io.ontobridge.core.config.ConnectionOptions;
import io.ontobridge.core.config.Preflight;
import io.ontobridge.core.config.ServiceSettings;
import io.ontobridge.deploy.demo.Demo;
import io.ontobridge.deploy.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

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

    @Override
    public Integer call() throws Exception {
        var spec = concept.load();
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
                stack = LocalStack.start(work.resolve("stack"));
                System.out.println("bootstrap=" + stack.bootstrap());
                System.out.println("registry=" + stack.registryUrl());
                // A fresh broker: local stream state from an earlier run would not match it.
                deleteTree(work.resolve("streams"));
                settings = new ServiceSettings(stack.bootstrap(), stack.registryUrl(), null, 3, work, Map.of());
            }
            var options = new Demo.Options(concept.scenarioLabel(), spec, samples, Duration.ofSeconds(timeoutSeconds), show);
            var summary = new Demo(settings, options, System.out).run();
            if (summaryFile != null) {
                Demo.writeSummary(summary, summaryFile);
                System.out.println("summary written to " + summaryFile);
            }
            return 0;
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
