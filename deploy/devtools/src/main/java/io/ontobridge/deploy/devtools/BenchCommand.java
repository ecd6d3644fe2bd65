package io.ontobridge.deploy.devtools;

import io.ontobridge.deploy.bench.Bench;
import io.ontobridge.deploy.bench.BenchReport;
import io.ontobridge.deploy.cli.ConceptOptions;
import io.ontobridge.deploy.demo.DemoSummary;
import io.ontobridge.deploy.stack.LocalStack;
import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import io.ontobridge.platform.config.ServiceSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the pipeline against this machine's limit: raw model throughput, pipeline throughput,",
                "latency at half load, the online probe against the offline optimum, memory, trainer capacity.",
                "Without --bootstrap/--registry it starts a local Kafka broker and schema registry first."})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;
    @Mixin
    ConceptOptions concept;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "15000", description = "Samples the warm pipeline moves at full speed; throughput is taken over the last two thirds (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--probe-pass", paramLabel = "N", defaultValue = "5000", description = "The first pass, on cold services: the online probe after it is compared with offline ridge on its samples (default: ${DEFAULT-VALUE})")
    int probePass;

    @Option(names = "--raw-samples", paramLabel = "N", defaultValue = "2000", description = "Samples for each raw model measurement (default: ${DEFAULT-VALUE})")
    int rawSamples;

    @Option(names = "--trainer-samples", paramLabel = "N", defaultValue = "60000", description = "Synthetic samples for each trainer capacity run, after 40000 to warm up (default: ${DEFAULT-VALUE})")
    int trainerSamples;

    @Option(names = "--latency-seconds", paramLabel = "S", defaultValue = "20", description = "Length of the half-load latency run (default: ${DEFAULT-VALUE})")
    long latencySeconds;

    @Option(names = "--parts", paramLabel = "PART", split = ",", defaultValue = "raw,pipeline,trainer",
            description = "Measurements to run, comma-separated: raw, pipeline, trainer (default: all)")
    Set<String> parts;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "1",
            description = "Also run the warm pass with N target inference instances (processes sharing the samples' partitions) and report both throughputs (default: ${DEFAULT-VALUE})")
    int instances;

    @Option(names = "--profile", paramLabel = "DIR", description = "Write a Java Flight Recording of each service JVM to DIR (jfr print --events jdk.ExecutionSample reads it)")
    Path profileDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE")
    Path jsonFile;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Model cache, service logs and local data (default: .ontobridge in the Ontobridge folder)")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        var spec = concept.load();
        Path work = (workDir != null ? workDir : ConceptOptions.home().resolve(".ontobridge")).toAbsolutePath();
        LocalStack stack = null;
        try {
            ServiceSettings settings;
            // Topics of their own, so a bench never mixes with a pipeline already running on the cluster.
            String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 6);
            if (connection.hasConnection()) {
                settings = connection.settings();
                Preflight.check(settings);
                settings = new ServiceSettings(settings.bootstrap(), settings.registry(), prefix, settings.partitions(),
                        work, settings.kafka());
            } else {
                System.out.println("starting a local Kafka broker and schema registry...");
                stack = LocalStack.start(work.resolve("stack"));
                LocalStack.deleteTree(work.resolve("streams"));
                settings = new ServiceSettings(stack.bootstrap(), stack.registryUrl(), prefix, 3, work, Map.of());
            }
            var options = new Bench.Options(concept.scenarioLabel(), spec, concept.file().toAbsolutePath(), samples, probePass,
                    rawSamples, trainerSamples, Duration.ofSeconds(latencySeconds), parts, profileDir, instances);
            var result = new Bench(settings, options, System.out).run();
            BenchReport.print(result, System.out);
            if (jsonFile != null) {
                DemoSummary.writeSummary(result, jsonFile);
                System.out.println("figures written to " + jsonFile);
            }
            return 0;
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }
}
