package io.ontobridge.consumers.review;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.Review;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** Reads the disagreements and the reviews so far, and publishes new reviews: the Kafka side of a review session. */
public final class ReviewTopics implements AutoCloseable {
    private final ServiceSettings settings;
    private final KafkaProducer<String, Review> producer;

    public ReviewTopics(ServiceSettings settings) {
        this.settings = settings;
        Map<String, Object> props = settings.connectionProperties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new RegistrySerdes(settings).<Review>serializer());
    }

    /** Every committed disagreement, oldest first (undecodable records are skipped: they are dead letters' business). */
    public List<Disagreement> disagreements() {
        Deserializer<Disagreement> deserializer = new RegistrySerdes(settings).deserializer();
        return readAll(settings.topics().disagreements(), bytes -> deserializer.deserialize(settings.topics().disagreements(), bytes));
    }

    /** Sample ids that already have a verdict. */
    public Set<String> reviewedSampleIds() {
        Deserializer<Review> deserializer = new RegistrySerdes(settings).deserializer();
        Set<String> ids = new HashSet<>();
        for (Review review : readAll(settings.topics().reviews(), bytes -> deserializer.deserialize(settings.topics().reviews(), bytes))) {
            ids.add(review.getSampleId());
        }
        return ids;
    }

    /**
     * Publishes a review and waits until the broker has it, so a verdict is never lost silently. It is
     * keyed like the activations (concept and target model), so the trainer instance that owns the probe receives it.
     */
    public void publish(Review review) {
        try {
            String key = io.ontobridge.platform.kafka.ProbeKeys.partition(review.getConcept(), review.getTarget().getName());
            producer.send(new ProducerRecord<>(settings.topics().reviews(), key, review)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a review", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing the review of " + review.getSampleId() + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private <T> List<T> readAll(String topic, Function<byte[], T> decode) {
        Map<String, Object> props = settings.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<T> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist at " + settings.bootstrap());
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        values.add(decode.apply(record.value()));
                    } catch (RuntimeException e) {
                        // not ours to judge here
                    }
                }
            }
        }
        return values;
    }

    @Override
    public void close() {
        producer.close();
    }
}
