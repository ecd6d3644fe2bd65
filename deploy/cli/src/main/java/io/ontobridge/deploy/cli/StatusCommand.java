package io.ontobridge.deploy.cli;

import io.ontobridge.consumers.status.ConceptStatuses;
import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print the current state of every concept and target version (warming up, mapped, lost, concept drift).")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "One JSON object per line")
    boolean json;

    @Override
    public Integer call() {
        var settings = connection.settings();
        Preflight.check(settings);
        ConceptStatuses.print(ConceptStatuses.read(settings).values(), json, System.out);
        return 0;
    }
}
