package io.ontobridge.consumers.webhook;

import com.sun.net.httpserver.HttpServer;
import io.ontobridge.platform.config.SettingsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookDeliveryTest {
    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> received = new CopyOnWriteArrayList<>();
    /** The status the receiver answers with on each call, by call number (1-based); 200 past the end. */
    private volatile List<Integer> answers = List.of();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            int call = calls.incrementAndGet();
            received.add(exchange.getRequestHeaders().getFirst("Idempotency-Key") + " "
                    + exchange.getRequestHeaders().getFirst("X-Ontobridge-Event") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = call <= answers.size() ? answers.get(call - 1) : 200;
            byte[] body = ("status " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private WebhookDelivery delivery(int attempts) {
        return new WebhookDelivery(WebhookConfig.from(Map.of("webhook.attempts", String.valueOf(attempts),
                "webhook.backoff.ms", "10"), "http://127.0.0.1:" + server.getAddress().getPort() + "/hook"));
    }

    @Test
    void triesAgainAfterAServerErrorAndDelivers() throws Exception {
        answers = List.of(503, 500);
        WebhookDelivery.Outcome outcome = delivery(5).post("concept-status", "t-0-7", "{\"a\":1}");
        assertTrue(outcome.delivered());
        assertEquals(3, outcome.attempts());
        assertEquals("t-0-7 concept-status {\"a\":1}", received.get(2));
    }

    @Test
    void givesUpAfterTheConfiguredTriesWithTheLastAnswer() throws Exception {
        answers = List.of(500, 502, 503);
        WebhookDelivery.Outcome outcome = delivery(3).post("disagreement-group", "k", "{}");
        assertFalse(outcome.delivered());
        assertEquals(3, outcome.attempts());
        assertTrue(outcome.failure().contains("answered 503: status 503"), outcome.failure());
    }

    @Test
    void aClientErrorIsNotTriedAgainButTooManyRequestsIs() throws Exception {
        answers = List.of(404);
        assertEquals(1, delivery(5).post("e", "k", "{}").attempts());
        calls.set(0);
        answers = List.of(429);
        assertTrue(delivery(5).post("e", "k", "{}").delivered());
        assertEquals(2, calls.get());
    }

    @Test
    void anUnreachableUrlIsAFailureNotACrash() throws Exception {
        WebhookDelivery unreachable = new WebhookDelivery(WebhookConfig.from(Map.of("webhook.attempts", "2",
                "webhook.backoff.ms", "10", "webhook.timeout.ms", "500"), "http://127.0.0.1:9/none"));
        WebhookDelivery.Outcome outcome = unreachable.post("e", "k", "{}");
        assertFalse(outcome.delivered());
        assertTrue(outcome.failure().startsWith("cannot post to http://127.0.0.1:9/none"), outcome.failure());
    }

    @Test
    void badSettingsAreOneClearLine() {
        assertEquals("webhook.url: is required (--url, ONTOBRIDGE_WEBHOOK_URL or webhook.url in the config file)",
                assertThrows(SettingsException.class, () -> WebhookConfig.from(Map.of(), null)).getMessage());
        assertTrue(assertThrows(SettingsException.class, () -> WebhookConfig.from(Map.of(), "ftp://x")).getMessage()
                .startsWith("webhook.url: 'ftp://x' is not an http(s) URL"));
        assertEquals("webhook.attempts: 'many' is not a whole number", assertThrows(SettingsException.class,
                () -> WebhookConfig.from(Map.of("webhook.attempts", "many"), "http://x/")).getMessage());
    }
}
