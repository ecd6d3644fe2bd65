package io.ontobridge.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Map;

/**
 * Client defaults for the flow's records, which are large (an activated shapes sample with its control
 * read-outs is about 20 KB) and come in bursts. Kafka's defaults suit records of a few hundred bytes: a
 * 16 KB producer batch holds one activated sample, so every record became its own request, and a 1 MB
 * fetch per partition held 50. A setting the user gives is kept.
 */
public final class ClientTuning {
    /** Producer batch per partition: many records per request (below the broker's 1 MB message limit). */
    public static final int BATCH_BYTES = 512 * 1024;
    /** Per partition per fetch. */
    public static final int FETCH_PARTITION_BYTES = 8 * 1024 * 1024;

    private ClientTuning() {
    }

    public static Map<String, Object> producer(Map<String, Object> props) {
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
    }

    public static Map<String, Object> consumer(Map<String, Object> props) {
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_PARTITION_BYTES);
        return props;
    }
}
