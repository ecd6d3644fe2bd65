package io.ontobridge.streams.inference;

import io.ontobridge.platform.kafka.ClientTuning;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.util.Map;

/** The Kafka clients of target inference: a read-committed consumer and a transactional producer. */
final class InferenceClients {
    private InferenceClients() {
    }

    /** Offsets are committed only through the producer's transactions; one poll is one model batch. */
    static KafkaConsumer<String, byte[]> consumer(InferenceConfig config) {
        Map<String, Object> props = config.settings().connectionProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.concept().target().batchSize());
        ClientTuning.consumer(props);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A producer with this instance's transactional id, its transactions initialized: an older producer of the same
     * id (a zombie, or this instance before a fault) is fenced, and its open transaction aborted.
     */
    static KafkaProducer<byte[], byte[]> transactionalProducer(InferenceConfig config) {
        Map<String, Object> props = config.settings().connectionProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        ClientTuning.producer(props);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
        return producer;
    }
}
