package io.ontobridge.core.kafka;

import io.ontobridge.core.concept.ConceptSpec;
import io.ontobridge.core.config.ServiceSettings;
import io.ontobridge.schema.ConceptEntry;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The concepts this deployment serves, read from the compacted concepts topic. Each concept's generator and
 * target inference {@link #register register} it before they publish or read a sample, so a sample whose
 * concept is missing here even after reading the topic to its end names a concept nobody serves.
 */
public final class ConceptCatalog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConceptCatalog.class);
    private static final Duration READ_LIMIT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<ConceptEntry> deserializer;
    private final String topic;
    private final Map<String, ConceptEntry> entries = new TreeMap<>();

    public ConceptCatalog(ServiceSettings settings) {
        this.topic = settings.topics().concepts();
        this.deserializer = new RegistrySerdes(settings).deserializer();
        Map<String, Object> props = settings.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_LIMIT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Writes {@code spec}'s entry and waits until the broker has it, so it is known before any sample is. */
    public static void register(ServiceSettings settings, ConceptSpec spec, String service) {
        ConceptEntry entry = ConceptEntry.newBuilder()
                .setConcept(spec.concept())
                .setSourceModel(spec.source().name()).setSourceVersion(spec.source().version())
                .setTargetModel(spec.target().name()).setTargetVersion(spec.target().version())
                .setRegisteredBy(service).setRegisteredAt(Instant.now())
                .build();
        Map<String, Object> props = settings.connectionProperties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        String topic = settings.topics().concepts();
        try (KafkaProducer<String, ConceptEntry> producer = new KafkaProducer<>(props, new StringSerializer(),
                new RegistrySerdes(settings).serializer())) {
            producer.send(new ProducerRecord<>(topic, spec.concept(), entry)).get(READ_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering concept '" + spec.concept() + "'", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot register concept '" + spec.concept() + "' on " + topic + ": "
                    + DeadLetters.describe(e), e);
        }
    }

    /** Whether {@code concept} is registered; an unseen name makes the catalogue read the topic to its end first. */
    public boolean knows(String concept) {
        if (entries.containsKey(concept)) {
            return true;
        }
        readToEnd();
        return entries.containsKey(concept);
    }

    /** The concepts registered so far, by name. */
    public Set<String> concepts() {
        return entries.keySet();
    }

    private void readToEnd() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), READ_LIMIT);
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read the concepts topic " + topic + " to its end within "
                        + READ_LIMIT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    entries.remove(record.key()); // a tombstone retires a concept
                    continue;
                }
                try {
                    ConceptEntry entry = deserializer.deserialize(record.topic(), record.value());
                    entries.put(entry.getConcept(), entry);
                } catch (RuntimeException e) {
                    log.warn("skipping an undecodable entry at {}-{}@{}: {}", record.topic(), record.partition(),
                            record.offset(), DeadLetters.describe(e));
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
