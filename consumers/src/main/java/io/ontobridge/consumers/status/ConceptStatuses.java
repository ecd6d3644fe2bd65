package io.ontobridge.consumers.status;

import io.ontobridge.consumers.tail.AvroJson;
import io.ontobridge.core.config.ServiceSettings;
import io.ontobridge.core.kafka.RegistrySerdes;
import io.ontobridge.schema.ConceptStatus;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The current state of every concept and target version: the latest record per key on the compacted
 * concept-status topic (the trainer writes one each time a probe's status changes).
 */
public final class ConceptStatuses {
    private ConceptStatuses() {
    }

    /** The latest status of each (concept, target, version), by key. */
    public static Map<String, ConceptStatus> read(ServiceSettings settings) {
        String topic = settings.topics().conceptStatus();
        Deserializer<ConceptStatus> deserializer = new RegistrySerdes(settings).deserializer();
        Map<String, Object> props = settings.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, ConceptStatus> latest = new TreeMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end within 60 s");
                }
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), deserializer.deserialize(topic, record.value()));
                    }
                }
            }
        }
        return latest;
    }

    /** One line per concept and target version, or one JSON object per line. */
    public static void print(Collection<ConceptStatus> statuses, boolean json, PrintStream out) {
        if (json) {
            statuses.forEach(s -> out.println(AvroJson.toJson(s)));
            return;
        }
        if (statuses.isEmpty()) {
            out.println("no concept status yet: the trainer announces a probe's status with its first snapshot");
            return;
        }
        out.printf(Locale.ROOT, "%-16s %-32s %-28s %9s %8s %8s %8s  %s%n", "concept", "target@version", "status",
                "at sample", "r", "select.", "lift", "since");
        for (ConceptStatus s : statuses) {
            out.printf(Locale.ROOT, "%-16s %-32s %-28s %9d %8.4f %8.4f %8.4f  %s%n", s.getConcept(),
                    s.getTarget().getName() + "@" + s.getTarget().getVersion(), s.getStatus(), s.getSamplesSeen(),
                    s.getHeldOutPearson(), s.getSelectivity(), s.getLift(), s.getChangedAt());
        }
    }
}
