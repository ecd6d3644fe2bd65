package io.ontobridge.producers;

import io.ontobridge.platform.config.ServiceSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How far a run got: the number of samples a generator run has committed on the samples topic, read back
 * when it starts, so that a generator restarted under the same run id publishes only the rest. Sample ids
 * are {@code <run id>-<n>}, published in order a batch per transaction, so the committed ones are exactly
 * {@code 0..k} and the answer is the highest {@code n} committed, plus one. Each partition is read from its
 * end backwards, in growing windows, until a sample of the run turns up (its last one on that partition) or
 * the partition's beginning; only the keys are looked at.
 */
final class RunProgress {
    /** How long an open transaction of another producer may hold the committed end below the log's end. */
    private static final Duration OPEN_TRANSACTIONS_WAIT = Duration.ofMinutes(2);
    private static final int FIRST_WINDOW = 1000;
    private static final Duration READ_STALL = Duration.ofSeconds(60);

    private RunProgress() {
    }

    /**
     * Samples of {@code runId} committed on {@code topic}. Call it after this run's publisher started: that
     * fenced any earlier producer of the run and aborted what it left open.
     */
    static long committedSamples(ServiceSettings settings, String topic, String runId) throws InterruptedException {
        String prefix = runId + "-";
        Map<TopicPartition, Long> ends = committedEnds(settings, topic);
        Map<String, Object> props = settings.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long highest = -1;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                highest = Math.max(highest, lastOnPartition(consumer, end.getKey(), end.getValue(), prefix));
            }
        }
        return highest + 1;
    }

    /** The highest sequence number of the run on one partition, or -1; reads backwards from {@code end}. */
    private static long lastOnPartition(KafkaConsumer<String, byte[]> consumer, TopicPartition partition, long end,
                                        String prefix) {
        consumer.assign(List.of(partition));
        long begin = consumer.beginningOffsets(List.of(partition)).get(partition);
        long to = end;
        long window = FIRST_WINDOW;
        while (to > begin) {
            long from = Math.max(begin, to - window);
            long highest = -1;
            consumer.seek(partition, from);
            long stuckSince = System.nanoTime();
            while (consumer.position(partition) < to) {
                long before = consumer.position(partition);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < to) {
                        highest = Math.max(highest, sequence(record.key(), prefix));
                    }
                }
                if (consumer.position(partition) > before) {
                    stuckSince = System.nanoTime();
                } else if (System.nanoTime() - stuckSince > READ_STALL.toNanos()) {
                    throw new IllegalStateException("reading back " + partition + " made no progress for "
                            + READ_STALL.toSeconds() + " s, so how far this run got cannot be read; start the generator again");
                }
            }
            if (highest >= 0) {
                return highest;
            }
            to = from;
            window *= 4;
        }
        return -1;
    }

    /** n of a key {@code <prefix><n>}, or -1 for another run's key. */
    static long sequence(String key, String prefix) {
        if (key == null || !key.startsWith(prefix) || key.length() == prefix.length()) {
            return -1;
        }
        String digits = key.substring(prefix.length());
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        return digits.length() > 18 ? -1 : Long.parseLong(digits);
    }

    /**
     * Each partition's committed end, once it has reached the log's end as it was when asked: another
     * producer's transaction open at that moment holds the committed end back until it ends, and a sample
     * of this run committed after it would otherwise be missed.
     */
    private static Map<TopicPartition, Long> committedEnds(ServiceSettings settings, String topic) throws InterruptedException {
        try (Admin admin = Admin.create(settings.clientProperties())) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> logEnds = ends(admin, partitions, IsolationLevel.READ_UNCOMMITTED);
            long deadline = System.nanoTime() + OPEN_TRANSACTIONS_WAIT.toNanos();
            while (true) {
                Map<TopicPartition, Long> committed = ends(admin, partitions, IsolationLevel.READ_COMMITTED);
                if (committed.entrySet().stream().allMatch(e -> e.getValue() >= logEnds.get(e.getKey()))) {
                    return committed;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " holds a transaction open for over "
                            + OPEN_TRANSACTIONS_WAIT.toMinutes() + " minutes, so how far this run got cannot be read;"
                            + " start the generator again once it ends");
                }
                Thread.sleep(200);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end of topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private static Map<TopicPartition, Long> ends(Admin admin, List<TopicPartition> partitions, IsolationLevel isolation)
            throws ExecutionException, InterruptedException, TimeoutException {
        var latest = partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
