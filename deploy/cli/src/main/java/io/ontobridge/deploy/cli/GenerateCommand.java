package io.ontobridge.deploy.cli;

import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.producers.Generator;
import io.ontobridge.producers.GeneratorConfig;
import io.ontobridge.platform.observe.Telemetry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Run the generator: publish samples tagged with the source feature's value.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;
    @Mixin
    ConceptOptions concept;
    @Mixin
    TelemetryOptions telemetryOptions;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "0", description = "Stop after N samples; 0 runs until stopped (default)")
    long samples;

    @Option(names = "--run-id", paramLabel = "ID", description = "Prefix of the sample ids (default: random)")
    String runId;

    @Option(names = "--rate", paramLabel = "PER_S", description = "Publish at most this many samples per second (default: the spec's generator.rate_per_s; 0 = unpaced)")
    Double rate;

    @Override
    public Integer call() {
        var settings = connection.settings();
        var spec = concept.load();
        var config = new GeneratorConfig(settings, spec, samples,
                runId != null ? runId : UUID.randomUUID().toString().substring(0, 8),
                rate != null ? rate : spec.generator().ratePerS());
        Preflight.check(settings);
        TopicSetup.ensureTopics(settings);
        Generator generator = new Generator(config);
        Telemetry telemetry = telemetryOptions.start("generator", generator::isAlive, generator::isReady);
        try {
            ServiceRunner.runUntilInterrupted(generator, generator::stop);
        } finally {
            TelemetryOptions.closeQuietly(telemetry);
        }
        return 0;
    }
}
