package io.ontobridge.streams;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.ClientTuning;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
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
        // The flow's records are large: many per producer request and per fetch (see ClientTuning). Streams'
        // own producer linger suits it (it flushes at each commit anyway).
        if (!props.containsKey(ProducerConfig.BATCH_SIZE_CONFIG)) {
            props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), ClientTuning.BATCH_BYTES);
        }
        if (!props.containsKey(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG)) {
            props.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                    ClientTuning.FETCH_PARTITION_BYTES);
        }
        props.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG,
                settings.workDir().resolve("streams").toAbsolutePath().toString());
        return props;
    }
}
