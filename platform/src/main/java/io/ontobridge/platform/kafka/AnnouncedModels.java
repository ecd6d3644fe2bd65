package io.ontobridge.platform.kafka;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.schema.ModelAnnouncement;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoints announced on the compacted models topic for one model (a role and a name), in the order they
 * were announced. Not thread-safe: one reader per thread.
 */
public final class AnnouncedModels implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AnnouncedModels.class);
    private static final Duration READ_LIMIT = Duration.ofSeconds(30);

    /** An announcement with the record it came in, so a bad one can be dead-lettered whole. */
    public record Announced(ModelAnnouncement announcement, ConsumerRecord<String, byte[]> record) {
        public String version() {
            return announcement.getVersion();
        }
    }

    private final String role;
    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<ModelAnnouncement> deserializer;
    /** version -> latest announcement of it; insertion order is announcement order. */
    private final Map<String, Announced> byVersion = new LinkedHashMap<>();

    public AnnouncedModels(ServiceSettings settings, String role, String name) {
        this.role = role;
        this.name = name;
        this.deserializer = new RegistrySerdes(settings).deserializer();
        this.consumer = TopicIo.fromBeginning(settings, settings.topics().models());
    }

    /** Reads the topic to its end and returns the announcements of this model read by this call, in order. */
    public List<Announced> readNew() {
        List<Announced> fresh = new ArrayList<>();
        TopicIo.toEnd(consumer, READ_LIMIT, record -> {
            if (record.value() == null) {
                return; // a tombstone withdraws nothing already loaded
            }
            ModelAnnouncement announcement;
            try {
                announcement = deserializer.deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                log.warn("skipping an undecodable announcement at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), DeadLetters.describe(e));
                return;
            }
            if (announcement.getRole().equals(role) && announcement.getName().equals(name)) {
                Announced announced = new Announced(announcement, record);
                byVersion.remove(announcement.getVersion()); // a re-announcement moves to the end
                byVersion.put(announcement.getVersion(), announced);
                fresh.add(announced);
            }
        });
        return fresh;
    }

    /** Whether {@code version} has been announced; an unseen version makes the reader read to the end first. */
    public boolean knows(String version) {
        if (byVersion.containsKey(version)) {
            return true;
        }
        readNew();
        return byVersion.containsKey(version);
    }

    /** The announcement of {@code version} read so far, or null. */
    public Announced get(String version) {
        return byVersion.get(version);
    }

    /** Every announcement read so far, oldest first. */
    public List<Announced> all() {
        return List.copyOf(byVersion.values());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
