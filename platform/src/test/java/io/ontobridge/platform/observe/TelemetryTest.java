package io.ontobridge.platform.observe;

import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetryTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Telemetry telemetry, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + telemetry.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthAsTheServiceSaysAndEveryMeterInPrometheusFormat() throws Exception {
        // Made before the endpoint exists (as a service's meters may be), counted after it started.
        var early = new CounterFamily("ontobridge.test.early", "version").with("1");
        AtomicBoolean ready = new AtomicBoolean(false);
        AtomicBoolean live = new AtomicBoolean(true);
        try (Telemetry telemetry = Telemetry.start("test-service", 0, live::get, ready::get)) {
            assertEquals(200, get(telemetry, "/health/live").statusCode());
            assertEquals(503, get(telemetry, "/health/ready").statusCode(), "not ready before the service says so");
            ready.set(true);
            HttpResponse<String> up = get(telemetry, "/health/ready");
            assertEquals(200, up.statusCode());
            assertEquals("{\"status\":\"UP\"}", up.body());
            live.set(false);
            assertEquals(503, get(telemetry, "/health/live").statusCode());

            // A meter made on the global registry, even before the endpoint, shows with the service's tag.
            Metrics.counter("ontobridge.test.records", "topic", "t").increment(3);
            HttpResponse<String> metrics = get(telemetry, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(metrics.body().contains("ontobridge_test_records_total{service=\"test-service\",topic=\"t\"} 3.0"),
                    metrics.body());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM meters too");
            early.increment();
            assertTrue(get(telemetry, "/metrics").body().contains(
                    "ontobridge_test_early_total{service=\"test-service\",version=\"1\"} 1.0"), "a meter made before the endpoint");
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + telemetry.port()
                    + "/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        }
    }
}
