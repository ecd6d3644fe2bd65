package io.ontobridge.deploy.cli;

import io.ontobridge.consumers.dashboard.Dashboard;
import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import io.ontobridge.platform.kafka.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve a live dashboard on 127.0.0.1: each probe's held-out fidelity and control over the samples",
                "it has seen, the disagreement rate, and the disagreement feed with buttons that publish a review verdict."})
final class DashboardCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8090", description = "Port on 127.0.0.1 (0: a free one; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--reviewer", paramLabel = "NAME", description = "Who the verdicts are from (default: $USER)")
    String reviewer;

    @Override
    public Integer call() throws InterruptedException {
        var settings = connection.settings();
        Preflight.check(settings);
        TopicSetup.ensureTopics(settings);
        String who = reviewer != null ? reviewer : System.getProperty("user.name", "dashboard");
        CountDownLatch stopped = new CountDownLatch(1);
        try (Dashboard dashboard = Dashboard.start(settings, who, port)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
            System.out.println("dashboard on " + dashboard.url() + " (Ctrl-C stops it)");
            stopped.await();
        }
        return 0;
    }
}
