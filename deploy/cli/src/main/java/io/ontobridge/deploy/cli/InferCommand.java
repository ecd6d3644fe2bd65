package io.ontobridge.deploy.cli;

import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.streams.inference.InferenceConfig;
import io.ontobridge.streams.inference.TargetInference;
import io.ontobridge.platform.observe.Telemetry;
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
    public Integer call() {
        var settings = connection.settings();
        var spec = concept.load();
        Preflight.check(settings);
        TopicSetup.ensureTopics(settings);
        TargetInference inference = new TargetInference(new InferenceConfig(settings, spec, instance, null));
        Telemetry telemetry = telemetryOptions.start("inference", inference::isAlive, inference::isReady);
        try {
            ServiceRunner.runUntilInterrupted(inference, inference::stop);
        } finally {
            TelemetryOptions.closeQuietly(telemetry);
        }
        return 0;
    }
}
