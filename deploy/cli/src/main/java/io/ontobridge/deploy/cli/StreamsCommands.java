package io.ontobridge.deploy.cli;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.platform.observe.Telemetry;
import io.ontobridge.streams.StreamsService;

import java.util.function.BiFunction;

/** Runs a Streams service (trainer, monitor) in the foreground; Ctrl-C closes it cleanly. */
final class StreamsCommands {
    private StreamsCommands() {
    }

    static int run(ConnectionOptions connection, ConceptOptions concept, TelemetryOptions telemetryOptions, String name,
                   BiFunction<ServiceSettings, ConceptSpec, StreamsService> create) throws InterruptedException {
        ServiceSettings settings = connection.settings();
        ConceptSpec spec = concept.load();
        Preflight.check(settings);
        TopicSetup.ensureTopics(settings);
        try (StreamsService service = create.apply(settings, spec)) {
            Telemetry telemetry = telemetryOptions.start(name, service::isAlive, service::isReady);
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
                service.start();
                service.awaitStop();
            } finally {
                TelemetryOptions.closeQuietly(telemetry);
            }
        }
        return 0;
    }
}
