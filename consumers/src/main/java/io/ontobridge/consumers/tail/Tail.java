package io.ontobridge.consumers.tail;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.schema.Disagreement;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Follows the disagreement topic and prints each record as it arrives. It reads without a consumer
 * group (nothing is committed), only committed records (read_committed), from the end by default
 * or from the beginning.
 */
public final class Tail {
    private final ServiceSettings settings;
    private final boolean json;
    private final boolean fromBeginning;
    private final long max;
    private final Duration idleTimeout;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopping;

    /**
     * @param max          stop after printing this many records; 0 for no limit
     * @param idleTimeout  stop after this long without a record; null waits forever
     */
    public Tail(ServiceSettings settings, boolean json, boolean fromBeginning, long max, Duration idleTimeout) {
        this.settings = settings;
        this.json = json;
        this.fromBeginning = fromBeginning;
        this.max = max;
        this.idleTimeout = idleTimeout;
    }

    /** Prints disagreements to {@code out} (and undecodable records as warnings to {@code err}); returns how many. */
    public long run(PrintStream out, PrintStream err) {
        String topic = settings.topics().disagreements();
        Deserializer<Disagreement> deserializer = new RegistrySerdes(settings).deserializer();
        Map<String, Object> props = settings.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long printed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            this.consumer = consumer;
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist at " + settings.bootstrap());
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            if (fromBeginning) {
                consumer.seekToBeginning(assigned);
            } else {
                consumer.seekToEnd(assigned);
            }
            long lastRecord = System.nanoTime();
            while (!stopping && (max == 0 || printed < max)) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    if (idleTimeout != null && System.nanoTime() - lastRecord > idleTimeout.toNanos()) {
                        break;
                    }
                    continue;
                }
                lastRecord = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        Disagreement d = deserializer.deserialize(topic, record.value());
                        out.println(json ? AvroJson.toJson(d) : DisagreementFormat.readable(d));
                    } catch (RuntimeException e) {
                        err.println("skipped record at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                                + ": " + DeadLetters.describe(e));
                    }
                    out.flush();
                    printed++;
                    if (max > 0 && printed >= max) {
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            // stopped
        } finally {
            this.consumer = null;
        }
        return printed;
    }

    public void stop() {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }
}
