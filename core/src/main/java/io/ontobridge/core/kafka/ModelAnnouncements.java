package io.ontobridge.core.kafka;

import io.ontobridge.core.config.ServiceSettings;
import io.ontobridge.schema.ModelAnnouncement;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The models topic, where training infrastructure announces new checkpoints (key: role|name|version). */
public final class ModelAnnouncements {
    public static final String TARGET = "target";
    public static final String SOURCE = "source";

    private ModelAnnouncements() {
    }

    public static String key(ModelAnnouncement announcement) {
        return announcement.getRole() + "|" + announcement.getName() + "|" + announcement.getVersion();
    }

    /** Publishes {@code announcement} and waits until the broker has it. */
    public static void announce(ServiceSettings settings, ModelAnnouncement announcement) {
        if (!announcement.getRole().equals(TARGET) && !announcement.getRole().equals(SOURCE)) {
            throw new IllegalArgumentException("role: must be " + TARGET + " or " + SOURCE + ", got '"
                    + announcement.getRole() + "'");
        }
        if (!announcement.getSha256().matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256: must be 64 lower-case hex digits, got '" + announcement.getSha256() + "'");
        }
        Map<String, Object> props = settings.connectionProperties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        String topic = settings.topics().models();
        try (KafkaProducer<String, ModelAnnouncement> producer = new KafkaProducer<>(props, new StringSerializer(),
                new RegistrySerdes(settings).serializer())) {
            producer.send(new ProducerRecord<>(topic, key(announcement), announcement)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while announcing " + key(announcement), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot announce " + key(announcement) + " on " + topic + ": "
                    + DeadLetters.describe(e), e);
        }
    }
}
