package io.ontobridge.streams;

import io.ontobridge.core.config.ServiceSettings;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;

/** The Kafka Streams settings the trainer and the monitor share; the user's Kafka settings pass through. */
public final class StreamsProperties {
    private StreamsProperties() {
    }

    public static Properties of(ServiceSettings settings, String applicationId) {
        Properties props = new Properties();
        // Serde classes are configured on the topology itself, not as Streams defaults.
        props.putAll(settings.connectionProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // Exactly once end to end: reads, state changes and writes commit in one transaction.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Internal topics (changelogs) take the cluster's default replication factor.
        props.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        props.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG,
                settings.workDir().resolve("streams").toAbsolutePath().toString());
        return props;
    }
}
