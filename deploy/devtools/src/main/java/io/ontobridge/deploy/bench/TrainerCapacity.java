package io.ontobridge.deploy.bench;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.ClientTuning;
import io.ontobridge.platform.kafka.ConsumerLag;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.streams.trainer.TrainerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How many samples per second the real trainer (the {@code train} service as its own JVM with its heap limit:
 * Kafka Streams, exactly-once, RocksDB state) takes in when nothing else runs: {@code n} synthetic activated
 * samples of {@code dimension} values, whose feature value is a fixed linear function of them plus noise, are
 * written to the activations topic of a topic prefix of their own first; then the trainer starts and the rate
 * is read off the scores' timestamps, after a warm-up.
 */
final class TrainerCapacity {
    /** Samples before the timing starts: the JIT compiles the hot path meanwhile. */
    private static final int WARMUP = 40_000;

    private TrainerCapacity() {
    }

    /** Samples per second from the first scored sample after a warm-up to the last. */
    static double samplesPerSecond(ServiceSettings base, ConceptSpec scenario, Path specFile, String kind,
                                   int dimension, int n, Path workDir) throws Exception {
        ServiceSettings settings = base.with(null, null, base.topicPrefix() + "-trainer-" + kind);
        ConceptSpec spec = scenario.withProbe(scenario.probe().withKind(kind, null));
        TopicSetup.ensureTopics(settings);
        ModelRef source = new ModelRef(spec.source().name(), spec.source().version(), "0".repeat(64), spec.source().layer());
        ModelRef target = new ModelRef(spec.target().name(), spec.target().version(), "0".repeat(64), spec.target().layer());
        String key = ProbeKeys.of(spec.concept(), target);
        String topic = settings.topics().activations();

        Map<String, Object> props = ClientTuning.producer(settings.connectionProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        Random random = new Random(7);
        float[] direction = gaussian(random, dimension);
        AtomicReference<Exception> failed = new AtomicReference<>();
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
                producer.send(new ProducerRecord<>(topic, key, sample), (metadata, error) -> {
                    if (error != null) {
                        failed.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
            if (failed.get() != null) {
                throw new IllegalStateException("cannot write the synthetic samples: " + failed.get().getMessage(), failed.get());
            }
        }

        TrainerConfig config = new TrainerConfig(settings, spec);
        Path settingsFile = Bench.writeSettings(settings, workDir.resolve("settings-trainer-" + kind + ".properties"));
        try (ServiceProcess trainer = ServiceProcess.launch("trainer-" + kind, Bench.SMALL_HEAP_MB, workDir.resolve("logs"),
                null, List.of("train", "--concept", specFile.toString(), "--config", settingsFile.toString(),
                        "--probe-kind", kind));
             ConsumerLag lag = new ConsumerLag(settings, config.applicationId(), topic)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (lag.current() > 0) {
                if (!trainer.isAlive()) {
                    throw new IllegalStateException("the " + kind + " trainer stopped; see " + trainer.log());
                }
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
            List<DeadLetter> letters = TopicReader.readAll(settings, settings.topics().deadLetters());
            throw new IllegalStateException("the " + kind + " trainer scored " + scoredAt.size() + " of " + (n + WARMUP)
                    + "; dead letters: " + letters.stream().limit(3).map(l -> l.getErrorType() + " (" + l.getReason() + ")")
                    .toList());
        }
        Instant first = scoredAt.get(WARMUP);
        Instant last = scoredAt.get(scoredAt.size() - 1);
        double seconds = Math.max(1e-3, Duration.between(first, last).toNanos() / 1e9);
        return (scoredAt.size() - 1 - WARMUP) / seconds;
    }

    private static float[] gaussian(Random random, int dimension) {
        float[] x = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            x[d] = (float) random.nextGaussian();
        }
        return x;
    }
}
