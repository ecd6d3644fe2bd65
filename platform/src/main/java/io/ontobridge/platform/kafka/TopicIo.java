package io.ontobridge.platform.kafka;

import io.ontobridge.platform.config.ServiceSettings;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Whole-topic reads and single acknowledged writes, for the small topics that hold the latest state per key
 * (concepts, models, concept status) and for tools that read a topic as it stands.
 */
public final class TopicIo {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private TopicIo() {
    }

    /** A read_committed consumer assigned to every partition of the topics, at the beginning. */
    public static KafkaConsumer<String, byte[]> fromBeginning(ServiceSettings settings, String... topics) {
        Map<String, Object> props = settings.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new java.util.ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, LIMIT).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Hands {@code each} every record from the consumer's positions up to the end offsets as they are now. */
    public static void toEnd(KafkaConsumer<String, byte[]> consumer, Duration limit,
                             Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), LIMIT);
        long deadline = System.nanoTime() + limit.toNanos();
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read " + consumer.assignment() + " to the end within "
                        + limit.toSeconds() + " s");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(each);
        }
    }

    /** Every record of {@code topic} as it stands, decoded; a tombstone comes as a null value. */
    public static <T extends SpecificRecord> void readAll(ServiceSettings settings, String topic, Duration limit,
                                                          BiConsumer<String, T> each) {
        Deserializer<T> deserializer = new RegistrySerdes(settings).deserializer();
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(settings, topic)) {
            toEnd(consumer, limit, record -> each.accept(record.key(),
                    record.value() == null ? null : deserializer.deserialize(topic, record.value())));
        }
    }

    /** Writes one record with an idempotent producer and waits until the broker has it. */
    public static <T extends SpecificRecord> void publish(ServiceSettings settings, String topic, String key, T value) {
        Map<String, Object> props = settings.connectionProperties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, T> producer = new KafkaProducer<>(props, new StringSerializer(),
                new RegistrySerdes(settings).serializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + key + " to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write " + key + " to " + topic + ": " + DeadLetters.describe(e), e);
        }
    }
}
