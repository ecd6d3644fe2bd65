package io.ontobridge.consumers.webhook;

import io.ontobridge.platform.config.SettingsException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The webhook forwarder's settings, from the settings file or the environment:
 * <pre>
 * webhook.url=https://hooks.example/ontobridge   # ONTOBRIDGE_WEBHOOK_URL (required)
 * webhook.attempts=5                             # ONTOBRIDGE_WEBHOOK_ATTEMPTS: tries per event before the dead letter
 * webhook.timeout.ms=10000                       # ONTOBRIDGE_WEBHOOK_TIMEOUT_MS: per try
 * webhook.backoff.ms=500                         # ONTOBRIDGE_WEBHOOK_BACKOFF_MS: before the 2nd try, doubling after
 * </pre>
 */
public record WebhookConfig(URI url, int attempts, Duration timeout, Duration backoff) {
    public WebhookConfig {
        if (url == null || !(url.getScheme() != null && (url.getScheme().equals("http") || url.getScheme().equals("https")))) {
            throw new SettingsException("webhook.url: '" + url + "' is not an http(s) URL (--url, ONTOBRIDGE_WEBHOOK_URL"
                    + " or webhook.url in the config file)");
        }
        if (attempts < 1) {
            throw new SettingsException("webhook.attempts: must be at least 1, got " + attempts);
        }
    }

    /** From flat settings ({@code webhook.*}); {@code url}, when given on the command line, wins. */
    public static WebhookConfig from(Map<String, String> flat, String url) {
        String chosen = url != null ? url : flat.get("webhook.url");
        if (chosen == null || chosen.isBlank()) {
            throw new SettingsException("webhook.url: is required (--url, ONTOBRIDGE_WEBHOOK_URL or webhook.url in the config file)");
        }
        URI uri;
        try {
            uri = URI.create(chosen.trim());
        } catch (IllegalArgumentException e) {
            throw new SettingsException("webhook.url: '" + chosen + "' is not a URL");
        }
        return new WebhookConfig(uri, number(flat, "webhook.attempts", 5), Duration.ofMillis(number(flat, "webhook.timeout.ms", 10_000)),
                Duration.ofMillis(number(flat, "webhook.backoff.ms", 500)));
    }

    private static int number(Map<String, String> flat, String key, int fallback) {
        String value = flat.get(key);
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(key + ": '" + value + "' is not a whole number");
        }
    }
}
