package io.ontobridge.platform.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * A service's health and metrics endpoint, for Kubernetes probes and Prometheus:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the service has not failed (a liveness probe restarts it otherwise);</li>
 *   <li>{@code GET /health/ready}: 200 once it is connected and processing (readiness), 503 before and after;</li>
 *   <li>{@code GET /metrics}: every meter in Prometheus' text format.</li>
 * </ul>
 * The services record their meters on Micrometer's global registry ({@link Metrics}); it keeps them nowhere until
 * this endpoint adds its Prometheus registry, so a service without the endpoint pays next to nothing.
 */
public final class Telemetry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Telemetry.class);

    private final HttpServer server;
    private final PrometheusMeterRegistry registry;

    private Telemetry(HttpServer server, PrometheusMeterRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    /**
     * Serves the endpoint on {@code port} (0: a free one) on all interfaces.
     *
     * @param service the service's name, a tag on every meter
     * @param live    whether the service is alive (not failed)
     * @param ready   whether it is ready (connected and processing)
     */
    public static Telemetry start(String service, int port, BooleanSupplier live, BooleanSupplier ready) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Metrics.addRegistry(registry);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            Metrics.removeRegistry(registry);
            throw new UncheckedIOException("cannot serve health and metrics on port " + port + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health/live", exchange -> health(exchange, live.getAsBoolean()));
        server.createContext("/health/ready", exchange -> health(exchange, ready.getAsBoolean()));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "telemetry");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        Telemetry telemetry = new Telemetry(server, registry);
        log.info("{}: health on http://0.0.0.0:{}/health/ready, metrics on /metrics", service, telemetry.port());
        return telemetry;
    }

    /** The port served on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, boolean up) throws IOException {
        respond(exchange, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            try (exchange) {
                exchange.sendResponseHeaders(405, -1);
            }
            return;
        }
        HttpReplies.send(exchange, status, type, body);
    }

    @Override
    public void close() {
        server.stop(0);
        Metrics.removeRegistry(registry);
        registry.close();
    }
}
