package io.ontobridge.deploy.cli;

import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.producers.Generator;
import io.ontobridge.producers.GeneratorConfig;
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
    public Integer call() throws InterruptedException {
        return ServiceCommands.run(connection, concept, telemetryOptions, (settings, spec) -> new Generator(
                new GeneratorConfig(settings, spec, samples,
                        runId != null ? runId : UUID.randomUUID().toString().substring(0, 8),
                        rate != null ? rate : spec.generator().ratePerS())));
    }
}
