package io.ontobridge.producers;

import io.ontobridge.core.concept.ConceptSpec;
import io.ontobridge.core.concept.GeneratorSpec;
import io.ontobridge.core.kafka.RegistrySerdes;
import io.ontobridge.core.model.EncoderSpec;
import io.ontobridge.core.model.Encoding;
import io.ontobridge.core.model.TextEncoder;
import io.ontobridge.producers.feature.SourceFeature;
import io.ontobridge.producers.text.CorpusSentences;
import io.ontobridge.producers.text.TemplateSentences;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.Sample;
import io.ontobridge.schema.SampleInput;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The generator: draws candidate inputs, runs the source model on them, reads the concept's value
 * off the source layer, keeps candidates so that samples spread over the feature's range, and
 * publishes each kept one as a {@link Sample} (key: its sample id) with an idempotent producer.
 */
public final class Generator implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Generator.class);

    private final GeneratorConfig config;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong candidates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicReference<Exception> sendError = new AtomicReference<>();
    private volatile boolean stopping;

    public Generator(GeneratorConfig config) {
        this.config = config;
    }

    /** Runs until {@code samples} are published or {@link #stop()} is called. */
    @Override
    public void run() {
        ConceptSpec spec = config.concept();
        try (TextEncoder source = TextEncoder.open(EncoderSpec.of(spec.source()), config.settings().modelCache());
             KafkaProducer<String, Sample> producer = createProducer()) {
            SourceFeature feature = SourceFeature.fromSpec(spec, source.dimension(), texts -> vectors(source, texts));
            ModelRef sourceRef = new ModelRef(spec.source().name(), spec.source().version(), source.sha256(),
                    spec.source().layer());
            GeneratorSpec generator = spec.generator();
            Supplier<String> inputs = inputs(spec);
            Stratifier stratifier = new Stratifier(generator.stratify().bins(), generator.stratify().minAccept(),
                    generator.seed());
            String topic = config.settings().topics().samples();
            String mode = generator.mode();
            long started = System.nanoTime();
            log.info("generator {}: publishing {} samples of concept '{}' to {}", config.runId(),
                    config.samples() == 0 ? "unbounded" : config.samples(), spec.concept(), topic);

            while (!stopping && !done()) {
                List<String> batch = new ArrayList<>(spec.source().batchSize());
                for (int i = 0; i < spec.source().batchSize(); i++) {
                    batch.add(inputs.get());
                }
                List<Encoding> encodings = source.encode(batch);
                for (int i = 0; i < batch.size() && !stopping && !done(); i++) {
                    candidates.incrementAndGet();
                    Encoding encoding = encodings.get(i);
                    if (!encoding.ok()) {
                        rejected.incrementAndGet();
                        log.debug("skipped input: {}", encoding.rejection());
                        continue;
                    }
                    double value = feature.valueOf(encoding.vector());
                    if (!Double.isFinite(value)) {
                        rejected.incrementAndGet();
                        log.warn("skipped input: the source feature is {} on it", value);
                        continue;
                    }
                    if (generator.stratify().enabled() && !stratifier.keep(value)) {
                        continue;
                    }
                    pace(started, generator.ratePerS());
                    String sampleId = config.runId() + "-" + published.get();
                    Sample sample = Sample.newBuilder()
                            .setSampleId(sampleId)
                            .setConcept(spec.concept())
                            .setSource(sourceRef)
                            .setInput(SampleInput.newBuilder().setText(batch.get(i)).build())
                            .setFeatureValue(value)
                            .setGeneratorMode(mode)
                            .setCreatedAt(Instant.now())
                            .build();
                    producer.send(new ProducerRecord<>(topic, sampleId, sample), (metadata, error) -> {
                        if (error != null) {
                            sendError.compareAndSet(null, error);
                        }
                    });
                    published.incrementAndGet();
                }
                throwIfSendFailed();
            }
            producer.flush();
            throwIfSendFailed();
            log.info("generator {}: published {} samples from {} candidates ({} rejected by the source model)",
                    config.runId(), published.get(), candidates.get(), rejected.get());
        }
    }

    public void stop() {
        stopping = true;
    }

    public long published() {
        return published.get();
    }

    public long candidates() {
        return candidates.get();
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
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ontobridge-generator-" + config.runId());
        props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        props.remove("value.deserializer");
        return new KafkaProducer<>(props, new StringSerializer(), new RegistrySerdes(config.settings()).serializer());
    }

    private Supplier<String> inputs(ConceptSpec spec) {
        GeneratorSpec generator = spec.generator();
        TemplateSentences templates = new TemplateSentences(generator.seed());
        if (generator.mode().equals("templates")) {
            return templates;
        }
        List<Path> files = generator.corpus().stream().map(spec::resolve).toList();
        CorpusSentences corpus = new CorpusSentences(files, generator.corpusField());
        if (generator.mode().equals("corpus")) {
            return corpus;
        }
        long[] turn = {0};
        return () -> turn[0]++ % 2 == 0 ? corpus.get() : templates.get();
    }

    private static float[][] vectors(TextEncoder encoder, List<String> texts) {
        List<Encoding> encodings = encoder.encode(texts);
        float[][] vectors = new float[texts.size()][];
        for (int i = 0; i < vectors.length; i++) {
            Encoding encoding = encodings.get(i);
            if (!encoding.ok()) {
                throw new IllegalArgumentException("feature example '" + texts.get(i) + "': " + encoding.rejection());
            }
            vectors[i] = encoding.vector();
        }
        return vectors;
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
                stopping = true;
            }
        }
    }
}
