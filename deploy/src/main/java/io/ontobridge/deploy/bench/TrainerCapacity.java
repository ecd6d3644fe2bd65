package io.ontobridge.deploy.bench;

import io.ontobridge.core.concept.ConceptSpec;
import io.ontobridge.core.concept.ProbeSpec;
import io.ontobridge.core.config.ServiceSettings;
import io.ontobridge.core.kafka.ConsumerLag;
import io.ontobridge.core.kafka.ProbeKeys;
import io.ontobridge.core.kafka.RegistrySerdes;
import io.ontobridge.core.kafka.TopicSetup;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.streams.StreamsService;
import io.ontobridge.streams.trainer.Trainer;
import io.ontobridge.streams.trainer.TrainerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How many samples per second the real trainer (Kafka Streams, exactly-once, RocksDB state) takes in when
 * nothing else runs: {@code n} synthetic activated samples of {@code dimension} values, whose feature value
 * is a fixed linear function of them plus noise, are written to the activations topic of a topic prefix of
 * their own first; then the trainer starts and the rate is read off the scores' timestamps.
 */
final class TrainerCapacity {
    /** Samples before the timing starts: the JIT compiles the hot path meanwhile. */
    private static final int WARMUP = 10_000;

    private TrainerCapacity() {
    }

    /** Samples per second from the first scored sample after a warm-up to the last. */
    static double samplesPerSecond(ServiceSettings base, ConceptSpec scenario, String kind, int dimension, int n)
            throws Exception {
        ServiceSettings settings = base.with(null, null, base.topicPrefix() + "-trainer-" + kind);
        ConceptSpec spec = withProbe(scenario, kind);
        TopicSetup.ensureTopics(settings);
        ModelRef source = new ModelRef(spec.source().name(), spec.source().version(), "0".repeat(64), spec.source().layer());
        ModelRef target = new ModelRef(spec.target().name(), spec.target().version(), "0".repeat(64), spec.target().layer());
        String key = ProbeKeys.of(spec.concept(), target);
        String topic = settings.topics().activations();

        Map<String, Object> props = settings.connectionProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        Random random = new Random(7);
        float[] direction = gaussian(random, dimension);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(),
                new RegistrySerdes(settings).<ActivatedSample>serializer())) {
            Instant now = Instant.now();
            for (int i = 0; i < n + WARMUP; i++) {
                float[] x = gaussian(random, dimension);
                double y = 0;
                for (int d = 0; d < dimension; d++) {
                    y += direction[d] * x[d];
                }
                ActivatedSample sample = ActivatedSample.newBuilder()
                        .setSampleId("bench-" + kind + "-" + i).setConcept(spec.concept())
                        .setSource(source).setTarget(target)
                        .setInput(SampleInput.newBuilder().setText("synthetic " + i).build())
                        .setFeatureValue(y / Math.sqrt(dimension) + 0.1 * random.nextGaussian())
                        .setGeneratorMode("synthetic")
                        .setActivations(Float32Tensors.vector(x))
                        .setTokens(0).setTruncated(false).setCreatedAt(now).setActivatedAt(now)
                        .build();
                producer.send(new ProducerRecord<>(topic, key, sample));
            }
            producer.flush();
        }

        TrainerConfig config = new TrainerConfig(settings, spec);
        try (StreamsService trainer = Trainer.create(config);
             ConsumerLag lag = new ConsumerLag(settings, config.applicationId(), topic)) {
            trainer.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (lag.current() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the " + kind + " trainer did not take in " + (n + WARMUP)
                            + " samples within 3 minutes");
                }
                Thread.sleep(250);
            }
        }
        List<Instant> scoredAt = TopicReader.scores(settings, "bench-" + kind + "-", n + WARMUP).stream()
                .map(s -> s.getScoredAt()).sorted().toList();
        if (scoredAt.size() < n + WARMUP) {
            throw new IllegalStateException("the " + kind + " trainer scored " + scoredAt.size() + " of " + (n + WARMUP));
        }
        Instant first = scoredAt.get(WARMUP);
        Instant last = scoredAt.get(scoredAt.size() - 1);
        double seconds = Math.max(1e-3, Duration.between(first, last).toNanos() / 1e9);
        return (scoredAt.size() - 1 - WARMUP) / seconds;
    }

    /** The scenario's spec with a probe of {@code kind} (an MLP gets one hidden layer of 64). */
    static ConceptSpec withProbe(ConceptSpec spec, String kind) {
        ProbeSpec p = spec.probe();
        ProbeSpec probe = new ProbeSpec(kind, p.learningRate(), p.batchSize(), p.heldoutPercent(), p.heldoutWindow(),
                p.snapshotEvery(), p.minHeldout(), p.mappedMinPearson(), p.mappedMinSelectivity(), p.liftMargin(),
                kind.equals("mlp") ? (p.hidden().isEmpty() ? List.of(64) : p.hidden()) : List.of(), p.loss(),
                p.threshold(), p.falsePositiveCost(), p.falseNegativeCost(), p.mappedMinAuroc(), p.optimizer());
        return new ConceptSpec(spec.concept(), spec.description(), spec.source(), spec.feature(), spec.generator(),
                spec.target(), probe, spec.monitor(), spec.baseDir());
    }

    private static float[] gaussian(Random random, int dimension) {
        float[] x = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            x[d] = (float) random.nextGaussian();
        }
        return x;
    }
}
