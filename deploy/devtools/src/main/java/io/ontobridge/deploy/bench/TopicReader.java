package io.ontobridge.deploy.bench;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.TopicIo;
import io.ontobridge.schema.Score;
import org.apache.avro.specific.SpecificRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    static <T extends SpecificRecord> List<T> readAll(ServiceSettings settings, String topic) {
        List<T> records = new ArrayList<>();
        TopicIo.<T>readAll(settings, topic, Duration.ofMinutes(2), (key, value) -> {
            if (value != null) {
                records.add(value);
            }
        });
        return records;
    }
}
