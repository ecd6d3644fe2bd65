package io.ontobridge.consumers.webhook;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Posts one event to the webhook, trying again after a failure that may pass (a network error, a timeout, 429 or
 * a 5xx answer), waiting longer each time. A 4xx answer other than 429 will not pass by itself: no more tries.
 */
final class WebhookDelivery {
    /** What became of an event: delivered, or why not after how many tries. */
    record Outcome(boolean delivered, int attempts, String failure) {
    }

    private final WebhookConfig config;
    private final HttpClient http;

    WebhookDelivery(WebhookConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    /** Posts {@code json}; {@code key} goes out as the Idempotency-Key header, so a receiver can drop a repeat. */
    Outcome post(String event, String key, String json) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(config.url())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("X-Ontobridge-Event", event)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        String failure = null;
        long wait = config.backoff().toMillis();
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return new Outcome(true, attempt, null);
                }
                failure = config.url() + " answered " + status + ": " + abbreviate(response.body());
                if (status / 100 == 4 && status != 429) {
                    return new Outcome(false, attempt, failure);
                }
            } catch (IOException e) {
                failure = "cannot post to " + config.url() + ": " + e;
            }
            if (attempt < config.attempts()) {
                Thread.sleep(wait);
                wait = Math.min(wait * 2, 60_000);
            }
        }
        return new Outcome(false, config.attempts(), failure);
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
