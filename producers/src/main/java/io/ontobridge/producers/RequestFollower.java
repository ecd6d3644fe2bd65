package io.ontobridge.producers;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.schema.RequestExample;
import io.ontobridge.schema.SampleRequest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Follows the requests topic (the monitor's asks for samples near disagreement groups) and keeps the
 * latest {@code open} requests of one concept, one per group, for the generator to draw near. It
 * reads from the beginning, so requests made before the generator started count too; newer requests
 * push the oldest out. Runs on its own thread; {@link #open()} is safe to call from the generator's.
 */
public final class RequestFollower implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RequestFollower.class);

    private final ServiceSettings settings;
    private final String concept;
    private final int capacity;
    private final Deque<SampleRequest> open = new ArrayDeque<>();
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public RequestFollower(ServiceSettings settings, String concept, int capacity) {
        this.settings = settings;
        this.concept = concept;
        this.capacity = capacity;
    }

    /** The examples of the open requests, newest first. */
    public synchronized List<RequestExample> open() {
        return open.stream().map(SampleRequest::getExample).toList();
    }

    synchronized void add(SampleRequest request) {
        if (!request.getConcept().equals(concept)) {
            return;
        }
        open.removeIf(r -> r.getGroupId() == request.getGroupId()
                && r.getTarget().getVersion().equals(request.getTarget().getVersion()));
        open.addFirst(request);
        while (open.size() > capacity) {
            open.removeLast();
        }
    }

    @Override
    public void run() {
        String topic = settings.topics().requests();
        Deserializer<SampleRequest> deserializer = new RegistrySerdes(settings).deserializer();
        Map<String, Object> props = settings.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            var infos = c.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                log.warn("no topic {}: active sampling is off", topic);
                return;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    try {
                        add(deserializer.deserialize(topic, record.value()));
                    } catch (RuntimeException e) {
                        log.warn("skipped an undecodable request at {}-{}@{}", record.topic(), record.partition(), record.offset());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer = null;
        }
    }

    @Override
    public void close() {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }
}
