package io.ontobridge.deploy.cli;

import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.streams.trainer.Trainer;
import io.ontobridge.streams.trainer.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Run the streaming trainer: score each sample with the probe, then let the probe learn from it.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;
    @Mixin
    ConceptOptions concept;
    @Mixin
    TelemetryOptions telemetryOptions;

    @Option(names = "--probe-kind", paramLabel = "KIND", hidden = true,
            description = "Train a probe of this kind (linear, mlp) instead of the spec's: for benchmarks and experiments")
    String probeKind;

    @Override
    public Integer call() throws InterruptedException {
        return ServiceCommands.run(connection, concept, telemetryOptions, (settings, spec) -> Trainer.create(new TrainerConfig(settings,
                probeKind == null ? spec : spec.withProbe(spec.probe().withKind(probeKind, null)))));
    }
}
