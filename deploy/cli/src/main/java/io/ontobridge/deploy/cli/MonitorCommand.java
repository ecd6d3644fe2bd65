package io.ontobridge.deploy.cli;

import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.streams.monitor.Monitor;
import io.ontobridge.streams.monitor.MonitorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Run the monitor: publish samples on which the probe and the source feature disagree.")
final class MonitorCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;
    @Mixin
    ConceptOptions concept;
    @Mixin
    TelemetryOptions telemetryOptions;

    @Override
    public Integer call() throws InterruptedException {
        return ServiceCommands.run(connection, concept, telemetryOptions, (settings, spec) -> Monitor.create(new MonitorConfig(settings, spec)));
    }
}
