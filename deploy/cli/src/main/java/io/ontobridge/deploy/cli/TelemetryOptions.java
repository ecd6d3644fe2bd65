package io.ontobridge.deploy.cli;

import io.ontobridge.platform.observe.Telemetry;
import picocli.CommandLine.Option;

import java.util.function.BooleanSupplier;

/** The flag every service shares for its health and metrics endpoint. */
final class TelemetryOptions {
    static final String ENV = "ONTOBRIDGE_METRICS_PORT";

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = {"Serve /health/live, /health/ready and /metrics (Prometheus) on PORT (0: a free one);",
                    "default: $" + ENV + ", else none"})
    Integer port;

    /** The endpoint for {@code service} when a port is set, else null. */
    Telemetry start(String service, BooleanSupplier live, BooleanSupplier ready) {
        Integer chosen = port;
        if (chosen == null && System.getenv(ENV) != null && !System.getenv(ENV).isBlank()) {
            try {
                chosen = Integer.parseInt(System.getenv(ENV).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV + ": '" + System.getenv(ENV) + "' is not a port number");
            }
        }
        if (chosen == null) {
            return null;
        }
        if (chosen < 0 || chosen > 65535) {
            throw new IllegalArgumentException("--metrics-port: " + chosen + " is not a port number (0-65535)");
        }
        Telemetry telemetry = Telemetry.start(service, chosen, live, ready);
        System.err.println(service + ": health and metrics on port " + telemetry.port());
        return telemetry;
    }

    static void closeQuietly(Telemetry telemetry) {
        if (telemetry != null) {
            telemetry.close();
        }
    }
}
