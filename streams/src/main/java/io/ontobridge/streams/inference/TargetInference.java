package io.ontobridge.streams.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ModelSpec;
import io.ontobridge.platform.kafka.AnnouncedModels;
import io.ontobridge.platform.kafka.CheckpointFollower;
import io.ontobridge.platform.kafka.ClientTuning;
import io.ontobridge.platform.kafka.ConceptCatalog;
import io.ontobridge.platform.kafka.ModelAnnouncements;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.models.encoder.Encoding;
import io.ontobridge.platform.observe.CounterFamily;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Float32Tensor;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.ModelAnnouncement;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.Sample;
import io.ontobridge.schema.SampleInput;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Target inference: a consume-transform-produce loop in Kafka transactions. Each poll is one batch:
 * the samples are run through the target model together, their activations (or dead letters) are
 * written and the input offsets committed in one transaction, so every sample is activated exactly
 * once even across crashes. A poll is the natural batch here, which is why this is a transactional
 * client loop rather than a Streams topology (Streams hands records over one at a time).
 *
 * <p>New checkpoints of the target announced on the models topic are loaded in the background
 * ({@link CheckpointFollower}); the old version serves until the new one is ready, then both activate every sample
 * for the concept's {@code follow.side_by_side} samples ({@link TargetVersions}), and the old one retires.
 */
public final class TargetInference implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TargetInference.class);
    private static final String SERVICE = "inference";
    private static final CounterFamily ACTIVATIONS = new CounterFamily("ontobridge.activations", "version");

    private final InferenceConfig config;
    private final Topics topics;
    private volatile boolean stopping;
    private volatile boolean running;
    private volatile Throwable failure;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public TargetInference(InferenceConfig config) {
        this.config = config;
        this.topics = config.settings().topics();
    }

    @Override
    public void run() {
        ConceptSpec spec = config.concept();
        RegistrySerdes serdes = new RegistrySerdes(config.settings());
        Deserializer<Sample> samples = serdes.deserializer();
        Serializer<ActivatedSample> activations = serdes.serializer();
        Serializer<DeadLetter> deadLetters = serdes.serializer();
        Path cache = config.settings().modelCache();
        try (AnnouncedModels announcements = new AnnouncedModels(config.settings(), ModelAnnouncements.TARGET,
                spec.target().name());
             KafkaConsumer<String, byte[]> consumer = createConsumer(spec.target().batchSize());
             KafkaProducer<byte[], byte[]> producer = createProducer();
             ConceptCatalog catalog = new ConceptCatalog(config.settings())) {
            this.consumer = consumer;
            ModelSpec base = spec.target();
            CheckpointFollower<TargetVersions.Loaded> follower = new CheckpointFollower<>(announcements, base.name(),
                    a -> TargetVersions.Loaded.open(ModelAnnouncements.checkpoint(base, a), cache));
            try (TargetVersions targets = new TargetVersions(follower.start(() -> TargetVersions.Loaded.open(base, cache)),
                    version -> checkpoint(base, follower, version), cache, sideBySidePerPartition(consumer));
                 // A re-derived concept takes samples from any announced source version; a pinned one from its own only.
                 AnnouncedModels sources = spec.follow().rederivesSource() ? new AnnouncedModels(config.settings(),
                         ModelAnnouncements.SOURCE, spec.source().name()) : null) {
                producer.initTransactions();
                ConceptCatalog.register(config.settings(), spec, SERVICE);
                SampleScope scope = SampleScope.of(spec, catalog, version -> sources != null && sources.knows(version));
                consumer.subscribe(List.of(topics.samples()), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        targets.assigned(consumer.committed(new HashSet<>(partitions)));
                    }

                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        targets.revoked(partitions);
                    }
                });
                // New checkpoints are loaded on their own thread while the current version serves on.
                Thread following = follower.startThread("model-follower");
                // Meters are made here, once the service's endpoint (if any) has added its registry.
                Counter recordsIn = Metrics.counter("ontobridge.records.in", "topic", "samples");
                DistributionSummary batchSize = DistributionSummary.builder("ontobridge.inference.batch.size")
                        .description("records per poll, one model batch").register(Metrics.globalRegistry);
                KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
                KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
                consumerMetrics.bindTo(Metrics.globalRegistry);
                producerMetrics.bindTo(Metrics.globalRegistry);
                Gauge.builder("ontobridge.target.versions.loaded", targets, TargetVersions::loadedCount)
                        .register(Metrics.globalRegistry);
                running = true;
                try {
                    log.info("target inference ({} version {}) for concept '{}' reading {}", spec.target().name(),
                            targets.newest(), spec.concept(), topics.samples());
                    while (!stopping) {
                        List<DeadLetter> badModels = takeFollowerEvents(follower, targets);
                        ConsumerRecords<String, byte[]> records = consumer.poll(config.pollTimeout());
                        if (records.isEmpty() && badModels.isEmpty()) {
                            continue;
                        }
                        SampleBatch batch = new SampleBatch(samples, scope, SERVICE);
                        records.forEach(batch::add);
                        recordsIn.increment(records.count());
                        batchSize.record(records.count());
                        List<List<Activation>> perSample = encode(batch, targets);

                        producer.beginTransaction();
                        for (int i = 0; i < batch.samples().size(); i++) {
                            ConsumerRecord<String, byte[]> record = batch.records().get(i);
                            Sample sample = batch.samples().get(i);
                            // All versions of one target model share a partition key: their probes are compared in one task.
                            byte[] key = utf8(ProbeKeys.partition(sample.getConcept(), spec.target().name()));
                            for (Activation activation : perSample.get(i)) {
                                if (activation.encoding().ok()) {
                                    ACTIVATIONS.with(activation.target().getVersion()).increment();
                                    producer.send(new ProducerRecord<>(topics.activations(), key, activations.serialize(
                                            topics.activations(), activate(sample, activation.target(), activation.encoding()))));
                                } else {
                                    batch.reject(record, sample.getSampleId(), activation.encoding().errorType(),
                                            rejection(activation, perSample.get(i).size()));
                                }
                            }
                        }
                        for (DeadLetter letter : concat(batch.deadLetters(), badModels)) {
                            producer.send(new ProducerRecord<>(topics.deadLetters(), utf8(letter.getSampleId()),
                                    deadLetters.serialize(topics.deadLetters(), letter)));
                        }
                        if (!records.isEmpty()) {
                            producer.sendOffsetsToTransaction(nextOffsets(records, targets), consumer.groupMetadata());
                        }
                        producer.commitTransaction();
                        targets.retireUnused();
                    }
                } finally {
                    running = false;
                    // The follower reads the models topic with a consumer that closes with this block.
                    follower.stopAndJoin(following);
                    consumerMetrics.close();
                    producerMetrics.close();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                failure = e;
                throw e;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            this.consumer = null;
        }
        log.info("target inference stopped");
    }

    /** One sample's read-out from one target version. */
    private record Activation(ModelRef target, Encoding encoding) {
    }

    /**
     * Runs each target version over the samples its partitions' plans give it, one model call per version, and
     * returns each sample's activations in plan order (oldest version first).
     */
    private static List<List<Activation>> encode(SampleBatch batch, TargetVersions targets) {
        int n = batch.samples().size();
        List<List<TargetVersions.Loaded>> plans = new ArrayList<>(n);
        Map<TargetVersions.Loaded, List<Integer>> byVersion = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ConsumerRecord<String, byte[]> record = batch.records().get(i);
            List<TargetVersions.Loaded> versions = targets.next(new TopicPartition(record.topic(), record.partition()));
            plans.add(versions);
            for (TargetVersions.Loaded version : versions) {
                byVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(i);
            }
        }
        Map<TargetVersions.Loaded, Encoding[]> encoded = new HashMap<>();
        byVersion.forEach((version, indices) -> {
            List<SampleInput> inputs = indices.stream().map(i -> batch.samples().get(i).getInput()).toList();
            Timer.Sample started = Timer.start();
            List<Encoding> encodings = version.encoder().encode(inputs);
            started.stop(Metrics.timer("ontobridge.inference.batch", "version", version.version()));
            Encoding[] bySample = new Encoding[n];
            for (int j = 0; j < indices.size(); j++) {
                bySample[indices.get(j)] = encodings.get(j);
            }
            encoded.put(version, bySample);
        });
        List<List<Activation>> perSample = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int sample = i;
            perSample.add(plans.get(i).stream()
                    .map(version -> new Activation(version.ref(), encoded.get(version)[sample])).toList());
        }
        return perSample;
    }

    /** New versions become the newest; failed announcements become dead letters. */
    private static List<DeadLetter> takeFollowerEvents(CheckpointFollower<TargetVersions.Loaded> follower,
                                                       TargetVersions targets) {
        List<DeadLetter> letters = new ArrayList<>();
        for (var event = follower.poll(); event != null; event = follower.poll()) {
            if (event instanceof CheckpointFollower.Ready<TargetVersions.Loaded> ready) {
                targets.serve(ready.loaded());
            } else if (event instanceof CheckpointFollower.Failed<TargetVersions.Loaded> failed) {
                letters.add(failed.deadLetter(SERVICE));
            }
        }
        return letters;
    }

    /** A target version's model spec: the concept spec's own, an announced one, or null when neither. */
    private static ModelSpec checkpoint(ModelSpec base, CheckpointFollower<?> follower, String version) {
        if (version.equals(base.version())) {
            return base;
        }
        ModelAnnouncement announcement = follower.announcement(version);
        return announcement == null ? null : ModelAnnouncements.checkpoint(base, announcement);
    }

    /** With several versions side by side, the reason names the one that turned the input down. */
    private static String rejection(Activation activation, int versions) {
        String reason = activation.encoding().rejection();
        return versions == 1 ? reason : "target version " + activation.target().getVersion() + ": " + reason;
    }

    /** The concept's side-by-side samples, shared out over the samples topic's partitions (at least one each). */
    private long sideBySidePerPartition(KafkaConsumer<String, byte[]> consumer) {
        int samples = config.concept().follow().sideBySide();
        int partitions = Math.max(1, consumer.partitionsFor(topics.samples(), Duration.ofSeconds(30)).size());
        return samples == 0 ? 0 : Math.max(1, (samples + partitions - 1) / partitions);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Alive: not stopped by an error. */
    public boolean isAlive() {
        return failure == null;
    }

    /** Ready: subscribed and processing batches. */
    public boolean isReady() {
        return running;
    }

    /** Stops the loop after the batch in hand; an uncommitted batch is redone by the next instance. */
    public void stop() {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private static ActivatedSample activate(Sample sample, ModelRef target, Encoding encoding) {
        return ActivatedSample.newBuilder()
                .setSampleId(sample.getSampleId())
                .setConcept(sample.getConcept())
                .setSource(sample.getSource())
                .setTarget(target)
                .setInput(sample.getInput())
                .setFeatureValue(sample.getFeatureValue())
                .setGeneratorMode(sample.getGeneratorMode())
                .setFactors(sample.getFactors())
                .setActivations(Float32Tensors.vector(encoding.vector()))
                .setBaselines(baselines(encoding))
                .setTokens(encoding.tokens())
                .setTruncated(encoding.truncated())
                .setCreatedAt(sample.getCreatedAt())
                .setActivatedAt(Instant.now())
                .build();
    }

    private static Map<String, Float32Tensor> baselines(Encoding encoding) {
        Map<String, Float32Tensor> tensors = new HashMap<>();
        encoding.baselines().forEach((name, values) -> tensors.put(name, Float32Tensors.vector(values)));
        return tensors;
    }

    /** The next offset of each partition read, with the partition's version plan as its metadata. */
    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records,
                                                                      TargetVersions targets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, targets.offset(partition, inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private KafkaConsumer<String, byte[]> createConsumer(int batchSize) {
        Map<String, Object> props = config.settings().connectionProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One poll is one model batch.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        ClientTuning.consumer(props);
        return new KafkaConsumer<>(props, new org.apache.kafka.common.serialization.StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> createProducer() {
        Map<String, Object> props = config.settings().connectionProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.groupId() + "." + config.instanceId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        ClientTuning.producer(props);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
