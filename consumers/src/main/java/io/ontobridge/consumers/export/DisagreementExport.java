package io.ontobridge.consumers.export;

import io.ontobridge.consumers.tail.AvroJson;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.platform.kafka.TopicIo;
import io.ontobridge.schema.Disagreement;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the disagreement stream as it stands (from a point in time, from given offsets, or from the beginning, up
 * to the end when the export starts) to JSON lines, one disagreement per line as {@code tail --json} prints it (its
 * group's description nested), and to a self-contained HTML report ({@link HtmlReport}): a section per group, then
 * the inputs (images inline).
 */
public final class DisagreementExport {
    /**
     * Where to start reading.
     *
     * @param since   the first disagreement written at or after this time (null: no time bound)
     * @param offsets partition -> first offset (null or empty: from the beginning, or from {@code since})
     */
    public record From(Instant since, Map<Integer, Long> offsets) {
        public static From beginning() {
            return new From(null, Map.of());
        }
    }

    private DisagreementExport() {
    }

    /** The disagreements from {@code from} to the end as it is now, oldest first, with any undecodable one skipped. */
    public static List<Disagreement> read(ServiceSettings settings, From from, List<String> problems) {
        String topic = settings.topics().disagreements();
        Deserializer<Disagreement> deserializer = new RegistrySerdes(settings).deserializer();
        List<Disagreement> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = TopicIo.fromBeginning(settings, topic)) {
            if (from.since() != null) {
                Map<TopicPartition, Long> times = new HashMap<>();
                consumer.assignment().forEach(p -> times.put(p, from.since().toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, Duration.ofSeconds(30));
                Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
                offsets.forEach((p, at) -> consumer.seek(p, at == null ? ends.get(p) : at.offset()));
            }
            if (from.offsets() != null) {
                from.offsets().forEach((partition, offset) -> {
                    TopicPartition p = new TopicPartition(topic, partition);
                    if (!consumer.assignment().contains(p)) {
                        throw new IllegalArgumentException("--from-offsets: " + topic + " has no partition " + partition);
                    }
                    consumer.seek(p, offset);
                });
            }
            TopicIo.toEnd(consumer, Duration.ofMinutes(5), record -> {
                try {
                    Disagreement d = deserializer.deserialize(record.topic(), record.value());
                    if (d != null) {
                        found.add(d);
                    }
                } catch (RuntimeException e) {
                    problems.add(record.topic() + "-" + record.partition() + "@" + record.offset() + ": "
                            + DeadLetters.describe(e));
                }
            });
        }
        found.sort(Comparator.comparing(Disagreement::getDetectedAt));
        return found;
    }

    /** One JSON object per line, as {@code tail --json} prints a disagreement. */
    public static void writeJsonLines(List<Disagreement> disagreements, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Disagreement d : disagreements) {
                out.write(AvroJson.toJson(d));
                out.write('\n');
            }
        }
    }

    /**
     * A page that needs nothing else (styles inline, images as data URLs, every text escaped): a section per group
     * with its description, then every disagreement.
     */
    public static void writeHtml(List<Disagreement> disagreements, String title, Path file) throws IOException {
        Files.writeString(file, HtmlReport.render(disagreements, title), StandardCharsets.UTF_8);
    }
}
