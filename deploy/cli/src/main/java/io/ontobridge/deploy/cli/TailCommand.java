package io.ontobridge.deploy.cli;

import io.ontobridge.consumers.tail.Tail;
import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Follow the disagreement topic and print each record as it arrives.")
final class TailCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "One JSON object per line")
    boolean json;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the newest")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", defaultValue = "0", description = "Stop after N records (0: no limit)")
    long max;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Stop after this long without a new record")
    Long idleTimeout;

    @Override
    public Integer call() {
        var settings = connection.settings();
        Preflight.check(settings);
        Tail tail = new Tail(settings, json, fromBeginning, max,
                idleTimeout == null ? null : Duration.ofSeconds(idleTimeout));
        ForegroundTask.runUntilInterrupted(() -> tail.run(System.out, System.err), tail::stop);
        return 0;
    }
}
