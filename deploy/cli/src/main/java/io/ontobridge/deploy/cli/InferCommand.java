package io.ontobridge.deploy.cli;

import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.streams.inference.InferenceConfig;
import io.ontobridge.streams.inference.TargetInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Run target inference: append the target model's activations to each sample.")
final class InferCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;
    @Mixin
    ConceptOptions concept;
    @Mixin
    TelemetryOptions telemetryOptions;

    @Option(names = "--instance", paramLabel = "ID", defaultValue = "0",
            description = "This instance's stable id among several (part of its transactional id; default: ${DEFAULT-VALUE})")
    String instance;

    @Override
    public Integer call() throws InterruptedException {
        return ServiceCommands.run(connection, concept, telemetryOptions,
                (settings, spec) -> new TargetInference(new InferenceConfig(settings, spec, instance, null)));
    }
}
