package io.ontobridge.deploy.cli;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.platform.observe.Telemetry;
import io.ontobridge.platform.service.Service;
import io.ontobridge.platform.service.ServiceRunner;

import java.util.function.BiFunction;

/**
 * How every service command runs: settings and concept loaded (a bad one is a one-line error), the cluster and
 * registry checked, topics created where missing, the health and metrics endpoint started if asked for, then the
 * service in the foreground until it ends or the process is stopped (Ctrl-C, SIGTERM: it stops cleanly).
 */
final class ServiceCommands {
    private ServiceCommands() {
    }

    static int run(ConnectionOptions connection, ConceptOptions concept, TelemetryOptions telemetryOptions,
                   BiFunction<ServiceSettings, ConceptSpec, Service> create) throws InterruptedException {
        ServiceSettings settings = connection.settings();
        ConceptSpec spec = concept.load();
        Preflight.check(settings);
        TopicSetup.ensureTopics(settings);
        Service service = create.apply(settings, spec);
        Telemetry telemetry = telemetryOptions.start(service.name(), service::isAlive, service::isReady);
        try {
            ServiceRunner.runInForeground(service);
        } finally {
            TelemetryOptions.closeQuietly(telemetry);
        }
        return 0;
    }
}
