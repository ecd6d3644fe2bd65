package io.ontobridge.deploy.demo;

import io.ontobridge.core.config.ServiceSettings;
import io.ontobridge.core.kafka.ProbeKeys;
import io.ontobridge.core.kafka.RegistrySerdes;
import io.ontobridge.core.kafka.Topics;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.ConceptEntry;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.ProbeSnapshot;
import io.ontobridge.schema.Review;
import io.ontobridge.schema.SampleRequest;
import io.ontobridge.schema.Sample;
import io.ontobridge.schema.Score;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts one run's records by reading them back from the topics (committed records only), as a
 * subscriber would: samples, activations, scores, dead letters and disagreements whose sample id
 * belongs to the run, and the latest snapshot of each probe. Runs on its own thread; the figures
 * are read with the synchronized getters.
 */
final class RunTally implements Runnable, AutoCloseable {
    private final ServiceSettings settings;
    private final Topics topics;
    private final String idPrefix;
    private final Instant since;
    private final Map<String, Set<String>> idsByTopic = new HashMap<>();
    private final Map<String, Long> recordsByTopic = new HashMap<>();
    private final Map<String, ProbeSnapshot> latestProbes = new HashMap<>();
    private final List<Disagreement> disagreements = new ArrayList<>();
    private long undecodable;
    private Instant firstCreated;
    private Instant lastScored;
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * @param runId the generator run whose samples to count
     * @param since dead letters without a sample id (undecodable input) count when written after this
     */
    RunTally(ServiceSettings settings, String runId, Instant since) {
        this.settings = settings;
        this.topics = settings.topics();
        this.idPrefix = runId + "-";
        this.since = since;
    }

    @Override
    public void run() {
        RegistrySerdes serdes = new RegistrySerdes(settings);
        Map<String, Deserializer<? extends SpecificRecord>> decoders = Map.of(
                topics.samples(), serdes.<Sample>deserializer(),
                topics.activations(), serdes.<ActivatedSample>deserializer(),
                topics.scores(), serdes.<Score>deserializer(),
                topics.probes(), serdes.<ProbeSnapshot>deserializer(),
                topics.disagreements(), serdes.<Disagreement>deserializer(),
                topics.deadLetters(), serdes.<DeadLetter>deserializer(),
                topics.reviews(), serdes.<Review>deserializer(),
                topics.requests(), serdes.<SampleRequest>deserializer(),
                topics.concepts(), serdes.<ConceptEntry>deserializer());
        Map<String, Object> props = settings.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            this.consumer = consumer;
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics.all()) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    SpecificRecord value;
                    try {
                        value = decoders.get(record.topic()).deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        synchronized (this) {
                            undecodable++;
                        }
                        continue;
                    }
                    count(record.topic(), value);
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private synchronized void count(String topic, SpecificRecord value) {
        String sampleId = null;
        if (value instanceof Sample s) {
            sampleId = s.getSampleId();
            if (sampleId.startsWith(idPrefix) && (firstCreated == null || s.getCreatedAt().isBefore(firstCreated))) {
                firstCreated = s.getCreatedAt();
            }
        } else if (value instanceof ActivatedSample a) {
            sampleId = a.getSampleId();
        } else if (value instanceof Score s) {
            sampleId = s.getSampleId();
            if (sampleId.startsWith(idPrefix) && (lastScored == null || s.getScoredAt().isAfter(lastScored))) {
                lastScored = s.getScoredAt();
            }
        } else if (value instanceof Disagreement d) {
            sampleId = d.getSampleId();
        } else if (value instanceof Review r) {
            sampleId = r.getSampleId();
        } else if (value instanceof DeadLetter d) {
            // An undecodable record has no sample id: it counts when it failed during this run.
            sampleId = d.getSampleId() != null ? d.getSampleId() : d.getFailedAt().isBefore(since) ? null
                    : idPrefix + "undecodable@" + d.getSourceTopic() + "-" + d.getSourcePartition() + "@" + d.getSourceOffset();
        } else if (value instanceof ProbeSnapshot p) {
            String key = ProbeKeys.of(p.getConcept(), p.getTarget());
            ProbeSnapshot previous = latestProbes.get(key);
            if (previous == null || p.getSamplesSeen() >= previous.getSamplesSeen()) {
                latestProbes.put(key, p);
            }
        }
        if (sampleId == null || !sampleId.startsWith(idPrefix)) {
            return;
        }
        idsByTopic.computeIfAbsent(topic, t -> new HashSet<>()).add(sampleId);
        recordsByTopic.merge(topic, 1L, Long::sum);
        if (value instanceof Disagreement d) {
            disagreements.add(d);
        }
    }

    /** Distinct sample ids of this run seen on {@code topic}. */
    synchronized long distinct(String topic) {
        return idsByTopic.getOrDefault(topic, Set.of()).size();
    }

    /** Records of this run on {@code topic}, duplicates included. */
    synchronized long records(String topic) {
        return recordsByTopic.getOrDefault(topic, 0L);
    }

    /** Seconds from this run's first sample to its last score, as the records' own timestamps say; 0 before both exist. */
    synchronized double flowSeconds() {
        return firstCreated == null || lastScored == null ? 0
                : Duration.between(firstCreated, lastScored).toMillis() / 1000.0;
    }

    synchronized long undecodable() {
        return undecodable;
    }

    synchronized ProbeSnapshot latestProbe(String key) {
        return latestProbes.get(key);
    }

    synchronized List<Disagreement> disagreements() {
        return List.copyOf(disagreements);
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
