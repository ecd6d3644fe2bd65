package io.ontobridge.platform.kafka;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.schema.ConceptEntry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

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
        this.consumer = TopicIo.fromBeginning(settings, topic);
    }

    /** Writes {@code spec}'s entry and waits until the broker has it, so it is known before any sample is. */
    public static void register(ServiceSettings settings, ConceptSpec spec, String service) {
        ConceptEntry entry = ConceptEntry.newBuilder()
                .setConcept(spec.concept())
                .setSourceModel(spec.source().name()).setSourceVersion(spec.source().version())
                .setTargetModel(spec.target().name()).setTargetVersion(spec.target().version())
                .setRegisteredBy(service).setRegisteredAt(Instant.now())
                .build();
        TopicIo.publish(settings, settings.topics().concepts(), spec.concept(), entry);
    }

    /** Whether {@code concept} is registered; an unseen name makes the catalogue read the topic to its end first. */
    public boolean knows(String concept) {
        if (entries.containsKey(concept)) {
            return true;
        }
        readToEnd();
        return entries.containsKey(concept);
    }

    private void readToEnd() {
        TopicIo.toEnd(consumer, READ_LIMIT, record -> {
            if (record.value() == null) {
                entries.remove(record.key()); // a tombstone retires a concept
                return;
            }
            try {
                ConceptEntry entry = deserializer.deserialize(record.topic(), record.value());
                entries.put(entry.getConcept(), entry);
            } catch (RuntimeException e) {
                log.warn("skipping an undecodable entry at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), DeadLetters.describe(e));
            }
        });
    }

    @Override
    public void close() {
        consumer.close();
    }
}
