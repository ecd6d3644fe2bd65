package io.ontobridge.consumers.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.consumers.tail.AvroJson;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.ErrorType;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.platform.kafka.TopicIo;
import io.ontobridge.platform.observe.CounterFamily;
import io.ontobridge.schema.ConceptStatus;
import io.ontobridge.schema.Disagreement;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Posts each new disagreement group (the disagreement that opened it) and each concept-status change to a webhook,
 * as JSON: {@code {"event": "disagreement-group" | "concept-status", "topic", "partition", "offset", "record"}}.
 * It reads as a consumer group and commits after posting, so a restart goes on where it stopped and no event is
 * skipped (one may be posted again after a crash: the Idempotency-Key header, topic-partition-offset, tells). An
 * event the webhook still refuses after the configured tries goes to the dead-letter topic with the last answer.
 */
public final class WebhookForwarder implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(WebhookForwarder.class);
    private static final String SERVICE = "webhook";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CounterFamily POSTED = new CounterFamily("ontobridge.webhook.events", "event", "outcome");

    private final ServiceSettings settings;
    private final WebhookConfig config;
    private final boolean fromBeginning;
    private final String groupId;
    private volatile boolean stopping;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /** @param fromBeginning for a group that has committed nothing yet: all events so far (else those from now on) */
    public WebhookForwarder(ServiceSettings settings, WebhookConfig config, boolean fromBeginning) {
        this(settings, config, fromBeginning, "webhook");
    }

    /** @param name this forwarder's consumer group, under the topic prefix: one per webhook */
    public WebhookForwarder(ServiceSettings settings, WebhookConfig config, boolean fromBeginning, String name) {
        this.settings = settings;
        this.config = config;
        this.fromBeginning = fromBeginning;
        this.groupId = settings.topicPrefix() + "." + name;
    }

    public String groupId() {
        return groupId;
    }

    @Override
    public void run() {
        Topics topics = settings.topics();
        RegistrySerdes serdes = new RegistrySerdes(settings);
        Deserializer<Disagreement> disagreements = serdes.deserializer();
        Deserializer<ConceptStatus> statuses = serdes.deserializer();
        WebhookDelivery delivery = new WebhookDelivery(config);
        Map<String, Object> props = settings.connectionProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        // A slow webhook holds a poll for (tries x timeout) per event: fewer records per poll keep the group alive.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            this.consumer = consumer;
            consumer.subscribe(List.of(topics.disagreements(), topics.conceptStatus()));
            running = true;
            log.info("forwarding disagreement groups and concept-status changes to {}", config.url());
            while (!stopping) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.value() != null) {
                        forward(record, record.topic().equals(topics.disagreements()) ? disagreements : statuses, delivery);
                    }
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            consumer = null;
        }
    }

    private void forward(ConsumerRecord<String, byte[]> record, Deserializer<? extends SpecificRecord> deserializer,
                         WebhookDelivery delivery) throws InterruptedException {
        SpecificRecord value;
        try {
            value = deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            deadLetter(record, ErrorType.UNDECODABLE, "cannot decode the record: " + DeadLetters.describe(e));
            return;
        }
        String event;
        if (value instanceof Disagreement d) {
            if (d.getGroup() == null || !d.getGroup().getIsNew()) {
                return; // only the disagreement that opens a group is news to a subscriber
            }
            event = "disagreement-group";
        } else {
            event = "concept-status";
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("event", event);
        body.put("topic", record.topic());
        body.put("partition", record.partition());
        body.put("offset", record.offset());
        body.set("record", AvroJson.toNode((org.apache.avro.generic.GenericRecord) value));
        String key = record.topic() + "-" + record.partition() + "-" + record.offset();
        WebhookDelivery.Outcome outcome;
        try {
            outcome = delivery.post(event, key, JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        POSTED.with(event, outcome.delivered() ? "delivered" : "dead-lettered").increment();
        if (!outcome.delivered()) {
            log.warn("webhook refused {} after {} tries: {}", key, outcome.attempts(), outcome.failure());
            deadLetter(record, ErrorType.WEBHOOK_FAILED, "posting " + event + " failed after " + outcome.attempts() + " tries: "
                    + outcome.failure());
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, ErrorType errorType, String reason) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        var letter = DeadLetters.of(SERVICE, errorType, reason, record.topic(), record.partition(), record.offset(),
                key, record.value(), null);
        TopicIo.publish(settings, settings.topics().deadLetters(), record.key(), letter);
    }

    public boolean isReady() {
        return running;
    }

    public void stop() {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }
}
