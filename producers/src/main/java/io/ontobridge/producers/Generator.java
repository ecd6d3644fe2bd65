package io.ontobridge.producers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.GeneratorSpec;
import io.ontobridge.platform.kafka.ClientTuning;
import io.ontobridge.platform.kafka.ConceptCatalog;
import io.ontobridge.platform.kafka.ConsumerLag;
import io.ontobridge.platform.kafka.GroupIds;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.platform.service.LoopService;
import io.ontobridge.producers.candidate.Candidate;
import io.ontobridge.producers.candidate.CandidateSource;
import io.ontobridge.schema.RequestExample;
import io.ontobridge.schema.Sample;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The generator: draws candidate inputs, runs the source model on them, reads the concept's value
 * off the source layer, keeps candidates so that samples spread over the feature's range, and
 * publishes each kept one as a {@link Sample} (key: its sample id) with an idempotent producer.
 */
public final class Generator extends LoopService {
    private static final Logger log = LoggerFactory.getLogger(Generator.class);

    private final GeneratorConfig config;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong candidates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicReference<Exception> sendError = new AtomicReference<>();
    private volatile long lastLag;
    private volatile boolean running;

    public Generator(GeneratorConfig config) {
        super("generator");
        this.config = config;
    }

    /** Runs until {@code samples} are published or {@link #stop()} is called. */
    @Override
    protected void runLoop() {
        try {
            generate();
        } finally {
            running = false;
        }
    }

    /** Ready: publishing (or holding for backpressure). */
    @Override
    public boolean isReady() {
        return running;
    }

    private void generate() {
        ConceptSpec spec = config.concept();
        RequestFollower requests = new RequestFollower(config.settings(), spec.concept(), spec.generator().openRequests());
        Thread follower = new Thread(requests, "requests-" + config.runId());
        follower.setDaemon(true);
        SourceVersions sources = new SourceVersions(config.settings(), spec);
        try (sources;
             KafkaProducer<String, Sample> producer = createProducer();
             ConsumerLag lag = new ConsumerLag(config.settings(),
                     GroupIds.inference(config.settings().topicPrefix(), spec), config.settings().topics().samples());
             requests) {
            // Registered before the first sample, so target inference never mistakes this concept for a stray.
            ConceptCatalog.register(config.settings(), spec, "generator");
            follower.start();
            sources.start();
            Tags tags = Tags.of("concept", spec.concept());
            Counter publishedMeter = Metrics.counter("ontobridge.samples.published", tags);
            Counter candidateMeter = Metrics.counter("ontobridge.candidates", tags);
            Counter rejectedMeter = Metrics.counter("ontobridge.candidates.rejected", tags);
            Gauge.builder("ontobridge.inference.lag", this, Generator::lag).tags(tags)
                    .description("target inference's lag as the backpressure gate last read it").register(Metrics.globalRegistry);
            running = true;
            GeneratorSpec generator = spec.generator();
            Random random = new Random(generator.seed() ^ 0x2545F4914F6CDD1DL);
            Stratifier stratifier = new Stratifier(generator.stratify().bins(), generator.stratify().minAccept(),
                    generator.seed());
            String topic = config.settings().topics().samples();
            long started = System.nanoTime();
            log.info("generator {}: publishing {} samples of concept '{}' to {}", config.runId(),
                    config.samples() == 0 ? "unbounded" : config.samples(), spec.concept(), topic);

            // Backpressure: hold while target inference lags too far behind (checked once a second).
            LagGate gate = generator.maxLag() > 0 ? new LagGate(lag::current, generator.maxLag(), 1000) : null;
            while (!stopping() && !done()) {
                if (gate != null) {
                    try {
                        gate.pass(this::stopping);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    lastLag = gate.lastLag();
                }
                // A re-derived concept moves to a newly loaded source checkpoint between two batches.
                CandidateSource source = sources.current();
                List<Candidate> batch = new ArrayList<>(source.nextBatch());
                // Active sampling: while the monitor has open requests, a share of candidates comes from near them.
                List<RequestExample> open = requests.open();
                if (!open.isEmpty() && generator.requestedShare() > 0) {
                    int near = 0;
                    for (int i = 0; i < batch.size(); i++) {
                        if (random.nextDouble() < generator.requestedShare()) {
                            near++;
                        }
                    }
                    if (near > 0) {
                        batch.addAll(source.nearBatch(open, near));
                    }
                }
                for (Candidate candidate : batch) {
                    if (stopping() || done()) {
                        break;
                    }
                    candidates.incrementAndGet();
                    candidateMeter.increment();
                    if (!candidate.ok() || !Double.isFinite(candidate.featureValue())) {
                        rejected.incrementAndGet();
                        rejectedMeter.increment();
                        log.debug("skipped input: {}", candidate.ok()
                                ? "the source feature is " + candidate.featureValue() : candidate.rejection());
                        continue;
                    }
                    // Requested candidates were asked for: they are not thinned.
                    if (generator.stratify().enabled() && !candidate.mode().equals(CandidateSource.REQUESTED)
                            && !stratifier.keep(candidate.featureValue())) {
                        continue;
                    }
                    pace(started, config.ratePerS());
                    String sampleId = config.runId() + "-" + published.get();
                    Sample sample = Sample.newBuilder()
                            .setSampleId(sampleId)
                            .setConcept(spec.concept())
                            .setSource(source.sourceRef())
                            .setInput(candidate.input())
                            .setFeatureValue(candidate.featureValue())
                            .setGeneratorMode(candidate.mode())
                            .setFactors(candidate.factors())
                            .setCreatedAt(Instant.now())
                            .build();
                    producer.send(new ProducerRecord<>(topic, sampleId, sample), (metadata, error) -> {
                        if (error != null) {
                            sendError.compareAndSet(null, error);
                        }
                    });
                    published.incrementAndGet();
                    publishedMeter.increment();
                }
                throwIfSendFailed();
            }
            producer.flush();
            throwIfSendFailed();
            log.info("generator {}: published {} samples from {} candidates ({} rejected by the source model)",
                    config.runId(), published.get(), candidates.get(), rejected.get());
        }
    }

    public long published() {
        return published.get();
    }

    public long candidates() {
        return candidates.get();
    }

    /** Target inference's lag as last read by the backpressure gate (0 while it is off). */
    public long lag() {
        return lastLag;
    }

    private boolean done() {
        return config.samples() > 0 && published.get() >= config.samples();
    }

    private void throwIfSendFailed() {
        Exception error = sendError.get();
        if (error != null) {
            throw new IllegalStateException("publishing samples failed: " + error.getMessage(), error);
        }
    }

    private KafkaProducer<String, Sample> createProducer() {
        Map<String, Object> props = config.settings().clientProperties();
        // Idempotent: a retried send never duplicates a sample.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        ClientTuning.producer(props);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ontobridge-generator-" + config.runId());
        props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        props.remove("value.deserializer");
        return new KafkaProducer<>(props, new StringSerializer(), new RegistrySerdes(config.settings()).serializer());
    }

    private void pace(long startedNanos, double ratePerS) {
        if (ratePerS <= 0) {
            return;
        }
        long dueNanos = startedNanos + (long) (published.get() / ratePerS * 1e9);
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
            }
        }
    }
}
