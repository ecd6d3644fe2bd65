package io.ontobridge.deploy.demo;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.platform.kafka.TopicIo;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.ConceptEntry;
import io.ontobridge.schema.ConceptStatus;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.ModelAnnouncement;
import io.ontobridge.schema.ProbeSnapshot;
import io.ontobridge.schema.Review;
import io.ontobridge.schema.Sample;
import io.ontobridge.schema.SampleInputs;
import io.ontobridge.schema.SampleRequest;
import io.ontobridge.schema.Score;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Counts one run's records by reading them back from the topics (committed records only), as a
 * subscriber would: samples, activations, scores, dead letters and disagreements whose sample id
 * belongs to the run, and the latest snapshot of each probe. Runs on its own thread; the figures
 * are read with the synchronized getters.
 */
public final class RunTally implements Runnable, AutoCloseable {
    private final ServiceSettings settings;
    private final Topics topics;
    private final String idPrefix;
    private final Instant since;
    private final Map<String, Set<String>> idsByTopic = new HashMap<>();
    /** Per topic, the distinct records: a sample id, with the target version from activations on. */
    private final Map<String, Set<String>> recordIdsByTopic = new HashMap<>();
    /** Scored sample ids per target version, in the order the versions first scored. */
    private final Map<String, Set<String>> scoredByVersion = new java.util.LinkedHashMap<>();
    private final Map<String, ConceptStatus> latestStatus = new HashMap<>();
    private final Map<String, Long> recordsByTopic = new HashMap<>();
    private final Map<String, ProbeSnapshot> latestProbes = new HashMap<>();
    private final List<Disagreement> disagreements = new ArrayList<>();
    /** This run's scores, without their inputs and activations: what a validation measures residuals on. */
    private final List<Scored> scores = new ArrayList<>();
    private long undecodable;
    private Instant firstCreated;
    /** The inputs of this run's samples, by content (a name-based UUID of the text's or the image's bytes). */
    private final Set<UUID> inputs = new HashSet<>();
    private Instant lastScored;
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * @param runId the generator run whose samples to count
     * @param since dead letters without a sample id (undecodable input) count when written after this
     */
    public RunTally(ServiceSettings settings, String runId, Instant since) {
        this.settings = settings;
        this.topics = settings.topics();
        this.idPrefix = runId + "-";
        this.since = since;
    }

    @Override
    public void run() {
        RegistrySerdes serdes = new RegistrySerdes(settings);
        Map<String, Deserializer<? extends SpecificRecord>> decoders = Map.ofEntries(
                Map.entry(topics.samples(), serdes.<Sample>deserializer()),
                Map.entry(topics.activations(), serdes.<ActivatedSample>deserializer()),
                Map.entry(topics.scores(), serdes.<Score>deserializer()),
                Map.entry(topics.probes(), serdes.<ProbeSnapshot>deserializer()),
                Map.entry(topics.disagreements(), serdes.<Disagreement>deserializer()),
                Map.entry(topics.deadLetters(), serdes.<DeadLetter>deserializer()),
                Map.entry(topics.reviews(), serdes.<Review>deserializer()),
                Map.entry(topics.requests(), serdes.<SampleRequest>deserializer()),
                Map.entry(topics.concepts(), serdes.<ConceptEntry>deserializer()),
                Map.entry(topics.conceptStatus(), serdes.<ConceptStatus>deserializer()),
                Map.entry(topics.models(), serdes.<ModelAnnouncement>deserializer()));
        try (KafkaConsumer<String, byte[]> consumer = TopicIo.fromBeginning(settings,
                topics.all().toArray(String[]::new))) {
            this.consumer = consumer;
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
        String version = null;
        if (value instanceof Sample s) {
            sampleId = s.getSampleId();
            if (sampleId.startsWith(idPrefix) && (firstCreated == null || s.getCreatedAt().isBefore(firstCreated))) {
                firstCreated = s.getCreatedAt();
            }
            if (sampleId.startsWith(idPrefix)) {
                inputs.add(UUID.nameUUIDFromBytes(SampleInputs.content(s.getInput())));
            }
        } else if (value instanceof ActivatedSample a) {
            sampleId = a.getSampleId();
            version = a.getTarget().getVersion();
        } else if (value instanceof Score s) {
            sampleId = s.getSampleId();
            version = s.getTarget().getVersion();
            if (sampleId.startsWith(idPrefix)) {
                scoredByVersion.computeIfAbsent(version, v -> new HashSet<>()).add(sampleId);
            }
            if (sampleId.startsWith(idPrefix) && (lastScored == null || s.getScoredAt().isAfter(lastScored))) {
                lastScored = s.getScoredAt();
            }
            if (sampleId.startsWith(idPrefix)) {
                scores.add(new Scored(sampleId, s.getFeatureValue(), s.getPrediction(), s.getHeldOut(),
                        s.getGeneratorMode(), Map.copyOf(s.getFactors()), s.getScoredAt()));
            }
        } else if (value instanceof Disagreement d) {
            sampleId = d.getSampleId();
            version = d.getTarget().getVersion();
        } else if (value instanceof ConceptStatus c) {
            latestStatus.put(ProbeKeys.of(c.getConcept(), c.getTarget()), c);
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
        // Side by side, two target versions activate and score one sample: two records, not a duplicate.
        recordIdsByTopic.computeIfAbsent(topic, t -> new HashSet<>()).add(version == null ? sampleId : sampleId + "@" + version);
        recordsByTopic.merge(topic, 1L, Long::sum);
        if (value instanceof Disagreement d) {
            disagreements.add(d);
        }
    }

    /**
     * One score of the run, as a validation needs it.
     *
     * @param mode    the generator mode that drew the sample ("world", "decoder", "requested", ...)
     * @param factors the sample's ground truth, empty for a sample without it (a decoded image)
     */
    public record Scored(String sampleId, double feature, double prediction, boolean heldOut, String mode,
                         Map<String, Double> factors, Instant scoredAt) {
    }

    /** This run's scores, in the order they were read (a redelivered record would appear twice). */
    public synchronized List<Scored> scores() {
        return List.copyOf(scores);
    }

    /** Distinct sample ids of this run seen on {@code topic}. */
    /** How many different inputs (texts, images) this run's samples carried: fewer than samples when some repeat. */
    public synchronized long distinctInputs() {
        return inputs.size();
    }

    public synchronized long distinct(String topic) {
        return idsByTopic.getOrDefault(topic, Set.of()).size();
    }

    /** Distinct records of this run on {@code topic}: one per sample, or per sample and target version. */
    public synchronized long distinctRecords(String topic) {
        return recordIdsByTopic.getOrDefault(topic, Set.of()).size();
    }

    /** Samples of this run each target version scored, in the order the versions began scoring. */
    public synchronized Map<String, Long> scoredByVersion() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        scoredByVersion.forEach((version, ids) -> counts.put(version, (long) ids.size()));
        return counts;
    }

    /** The latest concept-status record of a probe (key: concept|target|version), or null. */
    public synchronized ConceptStatus latestStatus(String key) {
        return latestStatus.get(key);
    }

    /** Records of this run on {@code topic}, duplicates included. */
    public synchronized long records(String topic) {
        return recordsByTopic.getOrDefault(topic, 0L);
    }

    /** Seconds from this run's first sample to its last score, as the records' own timestamps say; 0 before both exist. */
    public synchronized double flowSeconds() {
        return firstCreated == null || lastScored == null ? 0
                : Duration.between(firstCreated, lastScored).toMillis() / 1000.0;
    }

    public synchronized long undecodable() {
        return undecodable;
    }

    public synchronized ProbeSnapshot latestProbe(String key) {
        return latestProbes.get(key);
    }

    public synchronized List<Disagreement> disagreements() {
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
