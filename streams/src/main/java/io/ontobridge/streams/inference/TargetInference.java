package io.ontobridge.streams.inference;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ModelSpec;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.AnnouncedModels;
import io.ontobridge.platform.kafka.CheckpointFollower;
import io.ontobridge.platform.kafka.ConceptCatalog;
import io.ontobridge.platform.kafka.ModelAnnouncements;
import io.ontobridge.platform.service.LoopService;
import io.ontobridge.schema.ModelAnnouncement;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Target inference: a consume-transform-produce loop in Kafka transactions. Each poll is one batch: the samples
 * are run through the target model together, their activations (or dead letters) are written and the input
 * offsets committed in one transaction, so every sample is activated exactly once even across crashes. A poll is
 * the natural batch here, which is why this is a transactional client loop rather than a Streams topology
 * (Streams hands records over one at a time).
 *
 * <p>New checkpoints of the target announced on the models topic are loaded in the background
 * ({@link CheckpointFollower}); the old version serves until the new one is ready, then both activate every sample
 * for the concept's {@code follow.side_by_side} samples ({@link TargetVersions}), and the old one retires.
 *
 * <p>Recovery, as the Streams services replace a failed stream thread: when a transaction fails (the broker
 * restarted, the producer was fenced, a request timed out) the transaction is aborted (a producer in a fatal state
 * is replaced by a new one with the same transactional id), the consumer goes back to the committed offsets and
 * the version plans to the committed ones, and the batch is redone. At most {@link InferenceConfig#recoveries()}
 * times; past that the service stops and is no longer alive.
 */
public final class TargetInference extends LoopService {
    private static final Logger log = LoggerFactory.getLogger(TargetInference.class);
    static final String SERVICE = "inference";

    private final InferenceConfig config;
    private final Topics topics;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** Failed transactions aborted and redone in-process since start. */
    private final AtomicLong recoveries = new AtomicLong();

    public TargetInference(InferenceConfig config) {
        super(SERVICE);
        this.config = config;
        this.topics = config.settings().topics();
    }

    @Override
    protected void runLoop() throws InterruptedException {
        ConceptSpec spec = config.concept();
        ModelSpec base = spec.target();
        Path cache = config.settings().modelCache();
        try (AnnouncedModels announcements = new AnnouncedModels(config.settings(), ModelAnnouncements.TARGET,
                base.name());
             KafkaConsumer<String, byte[]> consumer = InferenceClients.consumer(config);
             ConceptCatalog catalog = new ConceptCatalog(config.settings())) {
            this.consumer = consumer;
            CheckpointFollower<TargetVersions.Loaded> follower = new CheckpointFollower<>(announcements, base.name(),
                    a -> TargetVersions.Loaded.open(ModelAnnouncements.checkpoint(base, a), cache));
            try (TargetVersions targets = new TargetVersions(follower.start(() -> TargetVersions.Loaded.open(base, cache)),
                    version -> checkpoint(base, follower, version), cache, sideBySidePerPartition(consumer));
                 // A re-derived concept takes samples from any announced source version; a pinned one from its own only.
                 AnnouncedModels sources = spec.follow().rederivesSource() ? new AnnouncedModels(config.settings(),
                         ModelAnnouncements.SOURCE, spec.source().name()) : null) {
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
                KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
                consumerMetrics.bindTo(Metrics.globalRegistry);
                Gauge.builder("ontobridge.target.versions.loaded", targets, TargetVersions::loadedCount)
                        .register(Metrics.globalRegistry);
                FunctionCounter.builder("ontobridge.inference.recoveries", recoveries, AtomicLong::get)
                        .description("failed transactions aborted and redone in-process").register(Metrics.globalRegistry);
                running = true;
                try {
                    log.info("target inference ({} version {}) for concept '{}' reading {}", base.name(),
                            targets.newest(), spec.concept(), topics.samples());
                    new InferenceLoop(config, consumer, targets, follower, scope, this::stopping, recoveries).run();
                } finally {
                    running = false;
                    // The follower reads the models topic with a consumer that closes with this block.
                    follower.stopAndJoin(following);
                    consumerMetrics.close();
                }
            }
        } finally {
            this.consumer = null;
        }
        log.info("target inference stopped");
    }

    /** A target version's model spec: the concept spec's own, an announced one, or null when neither. */
    private static ModelSpec checkpoint(ModelSpec base, CheckpointFollower<?> follower, String version) {
        if (version.equals(base.version())) {
            return base;
        }
        ModelAnnouncement announcement = follower.announcement(version);
        return announcement == null ? null : ModelAnnouncements.checkpoint(base, announcement);
    }

    /** The concept's side-by-side samples, shared out over the samples topic's partitions (at least one each). */
    private long sideBySidePerPartition(KafkaConsumer<String, byte[]> consumer) {
        int samples = config.concept().follow().sideBySide();
        int partitions = Math.max(1, consumer.partitionsFor(topics.samples(), Duration.ofSeconds(30)).size());
        return samples == 0 ? 0 : Math.max(1, (samples + partitions - 1) / partitions);
    }

    /** How many failed transactions were aborted and redone in-process since the service started. */
    public long recoveries() {
        return recoveries.get();
    }

    /** Ready: subscribed and processing batches. */
    @Override
    public boolean isReady() {
        return running;
    }

    /** Wakes the consumer out of its poll; the batch in hand is left uncommitted and redone by the next instance. */
    @Override
    protected void wakeUp() {
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }
}
