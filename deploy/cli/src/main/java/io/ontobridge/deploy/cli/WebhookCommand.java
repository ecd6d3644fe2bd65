package io.ontobridge.deploy.cli;

import io.ontobridge.consumers.webhook.WebhookConfig;
import io.ontobridge.consumers.webhook.WebhookForwarder;
import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.platform.observe.Telemetry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "webhook", mixinStandardHelpOptions = true,
        description = {"Post each new disagreement group and each concept-status change to a webhook as JSON, with retries;",
                "an event still refused after the last try goes to the dead-letter topic. Settings: webhook.url,",
                "webhook.attempts (5), webhook.timeout.ms (10000), webhook.backoff.ms (500) in the config file or as",
                "ONTOBRIDGE_WEBHOOK_*."})
final class WebhookCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;
    @Mixin
    TelemetryOptions telemetryOptions;

    @Option(names = "--url", paramLabel = "URL", description = "The webhook (overrides webhook.url)")
    String url;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "webhook",
            description = "This forwarder's consumer group (under the topic prefix): one per webhook, so each gets every event (default ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--from-beginning", description = "On the first start, post the events already on the topics too (default: from now on)")
    boolean fromBeginning;

    @Override
    public Integer call() {
        WebhookConfig config = WebhookConfig.from(connection.flatSettings(), url);
        var settings = connection.settings();
        Preflight.check(settings);
        TopicSetup.ensureTopics(settings);
        WebhookForwarder forwarder = new WebhookForwarder(settings, config, fromBeginning, name);
        Telemetry telemetry = telemetryOptions.start("webhook", () -> true, forwarder::isReady);
        try {
            ForegroundTask.runUntilInterrupted(forwarder, forwarder::stop);
        } finally {
            TelemetryOptions.closeQuietly(telemetry);
        }
        return 0;
    }
}
