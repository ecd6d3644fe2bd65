package io.ontobridge.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.RegistrySerdes;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Times samples end to end as a subscriber sees them: a read_committed consumer on the scores and
 * disagreements topics notes when each sample's record becomes readable, against the time the generator
 * created the sample (the same machine's clock).
 */
final class LatencyWatch implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<SpecificRecord> deserializer;
    private final String scoresTopic;
    private final String idPrefix;
    private final Thread thread;
    private final List<Double> scoreMs = new ArrayList<>();
    private final List<Double> disagreementMs = new ArrayList<>();
    private final Set<String> scored = new HashSet<>();
    private volatile boolean stopping;

    private LatencyWatch(ServiceSettings settings, String idPrefix) {
        this.idPrefix = idPrefix;
        this.scoresTopic = settings.topics().scores();
        this.deserializer = new RegistrySerdes(settings).deserializer();
        Map<String, Object> props = settings.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = Stream.of(scoresTopic, settings.topics().disagreements())
                .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start before any sample of the run exists
        this.thread = new Thread(this::watch, "latency-watch");
    }

    static LatencyWatch start(ServiceSettings settings, String idPrefix) {
        LatencyWatch watch = new LatencyWatch(settings, idPrefix);
        watch.thread.start();
        return watch;
    }

    private void watch() {
        while (!stopping) {
            for (var record : consumer.poll(Duration.ofMillis(50))) {
                long arrived = System.currentTimeMillis();
                SpecificRecord value = deserializer.deserialize(record.topic(), record.value());
                synchronized (this) {
                    if (value instanceof Score score && score.getSampleId().startsWith(idPrefix)) {
                        scoreMs.add((double) (arrived - score.getCreatedAt().toEpochMilli()));
                        scored.add(score.getSampleId());
                    } else if (value instanceof Disagreement d && d.getSampleId().startsWith(idPrefix)) {
                        disagreementMs.add((double) (arrived - d.getCreatedAt().toEpochMilli()));
                    }
                }
            }
        }
    }

    void awaitScores(int samples, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (scored.size() >= samples) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    synchronized Percentiles scoreLatency() {
        return Percentiles.of(scoreMs);
    }

    synchronized Percentiles disagreementLatency() {
        return Percentiles.of(disagreementMs);
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(5000);
        consumer.close();
    }

    /** p50 and p99 (nearest rank) of some latencies in milliseconds. */
    record Percentiles(int n, double p50, double p99, double max) {
        static Percentiles of(List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (sorted.length == 0) {
                return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
        }

        private static double rank(double[] sorted, double q) {
            return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
        }

        ObjectNode toJson() {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("p50", p50);
            node.put("p99", p99);
            node.put("max", max);
            node.put("n", n);
            return node;
        }

        @Override
        public String toString() {
            return n == 0 ? "none" : String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms (n=%d)", p50, p99, n);
        }
    }
}
