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
 * to the end when the export starts) to JSON lines, one disagreement per line as {@code tail --json} prints it, and
 * to a self-contained HTML report with the inputs (images inline).
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

    /** A page that needs nothing else: styles inline, images as data URLs, every text escaped. */
    public static void writeHtml(List<Disagreement> disagreements, String title, Path file) throws IOException {
        StringBuilder html = new StringBuilder(4096 + disagreements.size() * 1024);
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}")
                .append("table{border-collapse:collapse}td,th{padding:.3em .7em;border-bottom:1px solid #eee;")
                .append("text-align:left;vertical-align:top}img{width:64px;height:64px;image-rendering:pixelated;")
                .append("border:1px solid #ccc}.num{text-align:right;font-variant-numeric:tabular-nums}</style></head>\n")
                .append("<body><h1>").append(escape(title)).append("</h1>\n<p>").append(disagreements.size())
                .append(" disagreements");
        if (!disagreements.isEmpty()) {
            html.append(", detected ").append(disagreements.get(0).getDetectedAt()).append(" to ")
                    .append(disagreements.get(disagreements.size() - 1).getDetectedAt());
        }
        html.append(".</p>\n<table><thead><tr><th>input</th><th>sample</th><th>concept</th><th>target</th>")
                .append("<th>source</th><th>probe</th><th>residual</th><th>kind</th><th>group</th><th>why</th>")
                .append("<th>detected</th></tr></thead><tbody>\n");
        for (Disagreement d : disagreements) {
            html.append("<tr data-sample=\"").append(escape(d.getSampleId())).append("\"><td>");
            if (d.getInput().getImage() != null) {
                html.append("<img alt=\"input\" src=\"data:image/png;base64,").append(AvroJson.base64(d.getInput().getImage()))
                        .append("\">");
            } else if (d.getInput().getText() != null) {
                html.append(escape(d.getInput().getText()));
            }
            html.append("</td><td>").append(escape(d.getSampleId()))
                    .append("</td><td>").append(escape(d.getConcept()))
                    .append("</td><td>").append(escape(d.getTarget().getName() + "@" + d.getTarget().getVersion()))
                    .append("</td><td class=\"num\">").append(String.format(java.util.Locale.ROOT, "%.4f", d.getFeatureValue()))
                    .append("</td><td class=\"num\">").append(String.format(java.util.Locale.ROOT, "%.4f", d.getPrediction()))
                    .append("</td><td class=\"num\">").append(String.format(java.util.Locale.ROOT, "%.4f", d.getResidual()))
                    .append("</td><td>").append(escape(d.getKind()))
                    .append("</td><td>").append(d.getGroup() == null ? "" : d.getGroup().getId() + " (" + d.getGroup().getSize() + ")")
                    .append("</td><td>").append(escape(d.getReason()))
                    .append("</td><td>").append(d.getDetectedAt()).append("</td></tr>\n");
        }
        html.append("</tbody></table></body></html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
