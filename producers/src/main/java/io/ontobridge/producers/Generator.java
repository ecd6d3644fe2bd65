package io.ontobridge.producers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.GeneratorSpec;
import io.ontobridge.platform.kafka.ConceptCatalog;
import io.ontobridge.platform.kafka.ConsumerLag;
import io.ontobridge.platform.kafka.GroupIds;
import io.ontobridge.platform.service.LoopService;
import io.ontobridge.platform.service.ServiceStopped;
import io.ontobridge.producers.candidate.Candidate;
import io.ontobridge.producers.candidate.CandidateSource;
import io.ontobridge.schema.RequestExample;
import io.ontobridge.schema.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generator: draws candidate inputs, runs the source model on them, reads the concept's value
 * off the source layer, keeps candidates so that samples spread over the feature's range, and
 * publishes each kept one as a {@link Sample} (key: its sample id, {@code <run id>-<n>}), a batch per
 * transaction ({@link SamplePublisher}). Restarted under the same run id it resumes: it reads back how
 * many samples the run committed ({@link RunProgress}) and publishes only the rest, with the next ids.
 */
public final class Generator extends LoopService {
    private static final Logger log = LoggerFactory.getLogger(Generator.class);

    private final GeneratorConfig config;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong candidates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile Map<String, Long> skippedInputs = Map.of();
    private volatile long resumedFrom;
    private volatile long lastLag;
    private volatile boolean running;

    public Generator(GeneratorConfig config) {
        super("generator");
        this.config = config;
    }

    /** Runs until {@code samples} are published or {@link #stop()} is called. */
    @Override
    protected void runLoop() throws InterruptedException {
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

    private void generate() throws InterruptedException {
        ConceptSpec spec = config.concept();
        RequestFollower requests = new RequestFollower(config.settings(), spec.concept(), spec.generator().openRequests());
        Thread follower = new Thread(requests, "requests-" + config.runId());
        follower.setDaemon(true);
        String topic = config.settings().topics().samples();
        SourceVersions sources = new SourceVersions(config.settings(), spec);
        try (sources; requests) {
            try {
                sources.start();
            } catch (IllegalArgumentException e) {
                // The spec's inputs are unusable (a corpus with no usable line, say): the message says why.
                throw new ServiceStopped(e.getMessage());
            }
            skippedInputs = sources.current().skippedInputs();
            try (SamplePublisher publisher = new SamplePublisher(config.settings(), config.runId());
                 ConsumerLag lag = new ConsumerLag(config.settings(),
                         GroupIds.inference(config.settings().topicPrefix(), spec), topic)) {
                publishRun(spec, sources, requests, follower, publisher, lag, topic);
            }
        }
    }

    private void publishRun(ConceptSpec spec, SourceVersions sources, RequestFollower requests, Thread follower,
                            SamplePublisher publisher, ConsumerLag lag, String topic) throws InterruptedException {
        // Registered before the first sample, so target inference never mistakes this concept for a stray.
        ConceptCatalog.register(config.settings(), spec, "generator");
        // After the publisher fenced any earlier generator of this run: what is committed now is final.
        resumedFrom = RunProgress.committedSamples(config.settings(), topic, config.runId());
        published.set(resumedFrom);
        follower.start();
        Tags tags = Tags.of("concept", spec.concept());
        Meters meters = new Meters(Metrics.counter("ontobridge.samples.published", tags),
                Metrics.counter("ontobridge.candidates", tags), Metrics.counter("ontobridge.candidates.rejected", tags));
        Gauge.builder("ontobridge.inference.lag", this, Generator::lag).tags(tags)
                .description("target inference's lag as the backpressure gate last read it").register(Metrics.globalRegistry);
        for (String reason : List.of("blank", "too_long")) {
            Gauge.builder("ontobridge.inputs.skipped", this, g -> g.skippedInputs.getOrDefault(reason, 0L))
                    .tags(tags.and("reason", reason)).description("corpus lines left out as unusable when read")
                    .register(Metrics.globalRegistry);
        }
        running = true;
        if (resumedFrom > 0) {
            log.info("generator {}: resuming: {} samples of this run are committed on {} already", config.runId(),
                    resumedFrom, topic);
        }
        log.info("generator {}: publishing {} samples of concept '{}' to {}", config.runId(),
                config.samples() == 0 ? "unbounded" : Math.max(0, config.samples() - resumedFrom), spec.concept(), topic);
        loop(spec, sources, requests, publisher, lag, meters, topic);
        log.info("generator {}: published {} samples from {} candidates ({} rejected by the source model{})",
                config.runId(), published.get() - resumedFrom, candidates.get(), rejected.get(), corpusSkips());
    }

    private record Meters(Counter published, Counter candidates, Counter rejected) {
    }

    private void loop(ConceptSpec spec, SourceVersions sources, RequestFollower requests, SamplePublisher publisher,
                      ConsumerLag lag, Meters meters, String topic) throws InterruptedException {
        GeneratorSpec generator = spec.generator();
        Random random = new Random(generator.seed() ^ 0x2545F4914F6CDD1DL);
        Stratifier stratifier = new Stratifier(generator.stratify().bins(), generator.stratify().minAccept(), generator.seed());
        long started = System.nanoTime();
        // Backpressure: hold while target inference lags too far behind (checked once a second).
        LagGate gate = generator.maxLag() > 0 ? new LagGate(lag::current, generator.maxLag(), 1000) : null;
        while (!stopping() && !done(0)) {
            if (gate != null) {
                gate.pass(this::stopping);
                lastLag = gate.lastLag();
            }
            // A re-derived concept moves to a newly loaded source checkpoint between two batches.
            CandidateSource source = sources.current();
            skippedInputs = source.skippedInputs();
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
            List<Sample> kept = new ArrayList<>();
            for (Candidate candidate : batch) {
                if (stopping() || done(kept.size())) {
                    break;
                }
                candidates.incrementAndGet();
                meters.candidates().increment();
                if (!candidate.ok() || !Double.isFinite(candidate.featureValue())) {
                    reject(candidate, meters);
                    continue;
                }
                // Requested candidates were asked for: they are not thinned.
                if (generator.stratify().enabled() && !candidate.mode().equals(CandidateSource.REQUESTED)
                        && !stratifier.keep(candidate.featureValue())) {
                    continue;
                }
                long waitNanos = dueNanos(started, kept.size()) - System.nanoTime();
                if (waitNanos > 0) {
                    // Paced: what is ready goes out before the wait, so pacing adds no latency.
                    publish(publisher, topic, kept, meters);
                    Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                }
                kept.add(sample(spec, source, candidate, published.get() + kept.size()));
            }
            publish(publisher, topic, kept, meters);
        }
    }

    private Sample sample(ConceptSpec spec, CandidateSource source, Candidate candidate, long sequence) {
        return Sample.newBuilder()
                .setSampleId(config.runId() + "-" + sequence)
                .setConcept(spec.concept())
                .setSource(source.sourceRef())
                .setInput(candidate.input())
                .setFeatureValue(candidate.featureValue())
                .setGeneratorMode(candidate.mode())
                .setFactors(candidate.factors())
                .setSourceConcepts(candidate.sourceConcepts())
                .setCreatedAt(Instant.now())
                .build();
    }

    /** One transaction: the kept samples committed, then counted as published; {@code kept} is emptied. */
    private void publish(SamplePublisher publisher, String topic, List<Sample> kept, Meters meters)
            throws InterruptedException {
        if (kept.isEmpty()) {
            return;
        }
        publisher.publish(topic, kept);
        published.addAndGet(kept.size());
        meters.published().increment(kept.size());
        kept.clear();
    }

    private void reject(Candidate candidate, Meters meters) {
        String why = candidate.ok() ? "the source feature is " + candidate.featureValue() : candidate.rejection();
        if (rejected.incrementAndGet() == 1) {
            log.warn("generator {}: skipped an input ({}); such skips are counted in ontobridge_candidates_rejected_total",
                    config.runId(), why);
        } else {
            log.debug("skipped input: {}", why);
        }
        meters.rejected().increment();
    }

    private String corpusSkips() {
        long blank = skippedInputs.getOrDefault("blank", 0L);
        long tooLong = skippedInputs.getOrDefault("too_long", 0L);
        return blank + tooLong == 0 ? "" : "; corpus lines left out: " + blank + " blank, " + tooLong + " too long";
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

    /** Candidates skipped: corpus lines left out when read ({@code blank}, {@code too_long}) and candidates
     * the source model turned down ({@code rejected}). */
    public Map<String, Long> skipped() {
        Map<String, Long> all = new java.util.TreeMap<>(skippedInputs);
        all.put("rejected", rejected.get());
        return all;
    }

    /** Samples the run had committed before this generator started (0 unless it resumed a run). */
    public long resumedFrom() {
        return resumedFrom;
    }

    /** Whether the run has its samples, counting {@code pending} built but not yet committed. */
    private boolean done(int pending) {
        return config.samples() > 0 && published.get() + pending >= config.samples();
    }

    /** When the next sample is due at the configured rate, counted from this generator's start. */
    private long dueNanos(long startedNanos, int pending) {
        double rate = config.ratePerS();
        if (rate <= 0) {
            return 0;
        }
        return startedNanos + (long) ((published.get() + pending - resumedFrom) / rate * 1e9);
    }
}
