package io.ontobridge.deploy.bench;

import io.ontobridge.core.config.ServiceSettings;
import io.ontobridge.core.kafka.RegistrySerdes;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.Score;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a whole topic as it stands (committed records only), for figures computed after a run. */
final class TopicReader {
    private TopicReader() {
    }

    /**
     * The scores of the samples whose id starts with {@code idPrefix}, once there are {@code expected} of them
     * (a transaction's markers reach each partition shortly after the offsets it committed), or after 30 s.
     */
    static List<Score> scores(ServiceSettings settings, String idPrefix, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<Score> all = readAll(settings, settings.topics().scores());
            List<Score> scores = all.stream().filter(s -> s.getSampleId().startsWith(idPrefix)).toList();
            if (scores.size() >= expected || System.nanoTime() > deadline) {
                return scores;
            }
            Thread.sleep(500);
        }
    }

    static List<Disagreement> disagreements(ServiceSettings settings, String idPrefix) {
        List<Disagreement> found = readAll(settings, settings.topics().disagreements());
        return found.stream().filter(d -> d.getSampleId().startsWith(idPrefix)).toList();
    }

    static <T extends SpecificRecord> List<T> readAll(ServiceSettings settings, String topic) {
        Deserializer<T> deserializer = new RegistrySerdes(settings).deserializer();
        Map<String, Object> props = settings.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        List<T> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end within 2 minutes");
                }
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        records.add(deserializer.deserialize(record.topic(), record.value()));
                    }
                }
            }
        }
        return records;
    }
}
