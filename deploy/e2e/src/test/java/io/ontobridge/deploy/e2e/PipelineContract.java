package io.ontobridge.deploy.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ontobridge.consumers.review.ReviewSession;
import io.ontobridge.consumers.review.ReviewTopics;
import io.ontobridge.consumers.status.ConceptStatuses;
import io.ontobridge.deploy.demo.PipelineServices;
import io.ontobridge.deploy.demo.RunTally;
import io.ontobridge.deploy.stack.SchemaRegistryProcess;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ConceptSpecs;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.producers.Generator;
import io.ontobridge.producers.GeneratorConfig;
import io.ontobridge.schema.ConceptStatus;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.ProbeSnapshot;
import io.ontobridge.schema.Sample;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.schema.Verdict;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path on a real broker (supplied by the subclass) and a real schema registry, with the
 * real models: the four services on a few hundred samples plus bad input, checked through the topics.
 */
abstract class PipelineContract {
    private static final int SAMPLES = 500;
    /** Where the integration tests keep extracted models between runs. */
    private static final Path WORK = Path.of("target", "it-work").toAbsolutePath();

    static SchemaRegistryProcess registry;

    /** The broker's bootstrap servers. */
    abstract String bootstrap();

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = SchemaRegistryProcess.launch(WORK.resolve("registry"));
        registry.awaitReady(System.nanoTime() + TimeUnit.SECONDS.toNanos(120));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    /** The shipped sentiment spec, with a probe and monitor that judge earlier, to suit a few hundred samples. */
    static ConceptSpec testSpec() throws Exception {
        return testSpec("it-sentiment", yaml -> yaml);
    }

    /** {@link #testSpec()} changed by {@code edit}, written as {@code NAME.yaml}. */
    static ConceptSpec testSpec(String name, java.util.function.UnaryOperator<String> edit) throws Exception {
        String yaml = Files.readString(Path.of("..", "..", "concepts", "sentiment.yaml"))
                .replace("min_trained: 500", "min_trained: 150")
                .replace("residual_quantile: 0.99", "residual_quantile: 0.8")
                .replace("  snapshot_every: 100", "  snapshot_every: 100\n  min_heldout: 20\n  mapped_min_pearson: 0.5\n  mapped_min_selectivity: 0.2");
        Path file = Files.createDirectories(WORK).resolve(name + ".yaml");
        Files.writeString(file, edit.apply(yaml));
        return ConceptSpecs.load(file);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void fourServicesCarryTheConceptExactlyOnceAndDeadLetterBadInput() throws Exception {
        ConceptSpec spec = testSpec();
        Map<String, SampleInput> bad = new java.util.LinkedHashMap<>();
        bad.put("bad-empty", SampleInput.newBuilder().setText("   ").build());
        bad.put("bad-long", SampleInput.newBuilder().setText("word ".repeat(400)).build());
        bad.put("bad-nan", SampleInput.newBuilder().setText("A fine sentence with a broken feature value.").build());
        bad.put("bad-concept", SampleInput.newBuilder().setText("A sentence for a concept nobody serves.").build());
        bad.put("bad-model", SampleInput.newBuilder().setText("A sentence from a source model the concept does not name.").build());
        run(spec, bad, (settings, tally, probe) -> {
            Topics topics = settings.topics();
            ItSupport.awaitTrue("a disagreement", Duration.ofSeconds(30), () -> tally.distinct(topics.disagreements()) >= 1);
            assertTrue(probe.getHeldOut().getPearson() > 0.5, "held-out fidelity above chance: r=" + probe.getHeldOut().getPearson());
            assertDeadLetters(settings, topics, Set.of("undecodable", "empty-input", "input-too-long", "bad-feature-value",
                    "unknown-concept", "unknown-model"));
            assertDisagreementDecodesThroughTheRegistry(settings, topics);
            // A person's verdict goes to the reviews topic and is known as reviewed from then on.
            try (ReviewTopics reviews = new ReviewTopics(settings)) {
                Disagreement first = reviews.disagreements().get(0);
                reviews.publish(ReviewSession.review(first, Verdict.PROBE_WRONG, "seen in test", "it"));
                assertEquals(Set.of(first.getSampleId()), reviews.reviewedSampleIds());
            }
        });
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shapesScenarioCarriesTheConceptAndChecksItAgainstTheTruth() throws Exception {
        ConceptSpec spec = ConceptSpecs.load(Path.of("..", "..", "concepts", "shapes.yaml"));
        Map<String, SampleInput> bad = new java.util.LinkedHashMap<>();
        bad.put("bad-image", SampleInput.newBuilder().setImage(ByteBuffer.wrap("not a png".getBytes())).build());
        bad.put("bad-kind", SampleInput.newBuilder().setText("a text, not an image").build());
        run(spec, bad, (settings, tally, probe) -> {
            assertTrue(probe.getHeldOutByMode().containsKey("world"), probe.getHeldOutByMode().toString());
            assertTrue(probe.getHeldOutByMode().get("world").getPearson() > 0.5,
                    "held-out fidelity on world samples above chance: " + probe.getHeldOutByMode());
            assertEquals(Set.of("input", "random_init"), probe.getBaselines().keySet());
            probe.getBaselines().values().forEach(b -> assertTrue(Double.isFinite(b.getR2()), b.toString()));
            assertEquals("is_triangle", probe.getGroundTruth().getFactor());
            assertTrue(probe.getGroundTruth().getN() > 10, probe.getGroundTruth().toString());
            assertTrue(probe.getGroundTruth().getSourceCorr() > 0.2, "the source feature tracks the truth: " + probe.getGroundTruth());
            assertDeadLetters(settings, settings.topics(), Set.of("undecodable", "bad-image", "unsupported-input"));
        });
    }

    /**
     * The story scenario: two language models of the zoo, world stories and texts the source writes steered along
     * the concept. A text with a word outside the target's vocabulary and an image are dead-lettered; the probe is
     * judged per mode and against the world's truth.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void storyScenarioCarriesWhoWonBetweenLanguageModels() throws Exception {
        ConceptSpec spec = ConceptSpecs.load(Path.of("..", "..", "concepts", "story.yaml"));
        Map<String, SampleInput> bad = new java.util.LinkedHashMap<>();
        bad.put("bad-word", SampleInput.newBuilder().setText("the unicorn defeated the knight .").build());
        bad.put("bad-kind", SampleInput.newBuilder().setImage(ByteBuffer.wrap(new byte[] {1, 2, 3})).build());
        run(spec, bad, (settings, tally, probe) -> {
            assertTrue(probe.getHeldOutByMode().keySet().containsAll(Set.of("world", "steered")),
                    probe.getHeldOutByMode().toString());
            assertEquals(Set.of("input", "random_init"), probe.getBaselines().keySet());
            assertEquals("hero_wins", probe.getGroundTruth().getFactor());
            assertTrue(probe.getGroundTruth().getN() > 10, probe.getGroundTruth().toString());
            assertTrue(probe.getGroundTruth().getSourceCorr() > 0.8, "the source reads who won: " + probe.getGroundTruth());
            assertDeadLetters(settings, settings.topics(), Set.of("undecodable", "unsupported-input"));
        });
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void activeSamplingRaisesTheShareOfSamplesNearAnOpenGroup() throws Exception {
        ConceptSpec shapes = ConceptSpecs.load(Path.of("..", "..", "concepts", "shapes.yaml"));
        var g = shapes.generator();
        ConceptSpec spec = new ConceptSpec(shapes.concept(), null, shapes.source(), shapes.feature(),
                new io.ontobridge.platform.concept.GeneratorSpec(g.mode(), g.corpus(), g.corpusField(), g.seed(), g.ratePerS(),
                        g.stratify(), g.world(), g.decoderShare(), 0.5, g.openRequests(), g.maxLag()),
                shapes.target(), shapes.probe(), shapes.monitor(), shapes.follow(), shapes.baseDir());
        // The group to sample near: small triangles in the top-left corner.
        io.ontobridge.worlds.shapes.Scene corner = new io.ontobridge.worlds.shapes.Scene(
                io.ontobridge.worlds.shapes.ShapeClass.TRIANGLE, 6, 8, 8, 0.5, 0.8);
        java.util.function.Predicate<Map<String, Double>> nearCorner = f -> f.containsKey("shape")
                && f.get("shape") == 2.0 && Math.abs(f.get("size") - 6) <= 1.5
                && Math.abs(f.get("x") - 8) <= 2.5 && Math.abs(f.get("y") - 8) <= 2.5;

        double without = nearShare(spec, null, nearCorner);
        double with = nearShare(spec, corner, nearCorner);
        System.out.printf("active sampling: share of samples near the group %.3f without a request, %.3f with%n", without, with);
        assertTrue(with > 0.1 && with > 10 * without, "near share without " + without + ", with " + with);
    }

    /** Runs the generator alone for 300 samples (after publishing a request near {@code example} if given). */
    private double nearShare(ConceptSpec spec, io.ontobridge.worlds.shapes.Scene example,
                             java.util.function.Predicate<Map<String, Double>> near) throws Exception {
        String prefix = "it" + UUID.randomUUID().toString().substring(0, 6);
        ServiceSettings settings = new ServiceSettings(bootstrap(), registry.url(), prefix, 1, WORK, Map.of());
        TopicSetup.ensureTopics(settings);
        if (example != null) {
            float[] pixels = io.ontobridge.worlds.shapes.Renderer.render(example, 32);
            var request = io.ontobridge.schema.SampleRequest.newBuilder()
                    .setConcept(spec.concept())
                    .setTarget(new ModelRef(spec.target().name(), spec.target().version(), "0".repeat(64), spec.target().layer()))
                    .setGroupId(1).setGroupSize(1)
                    .setExample(new io.ontobridge.schema.RequestExample("corner", SampleInput.newBuilder()
                            .setImage(ByteBuffer.wrap(io.ontobridge.worlds.shapes.Png.encode(pixels, 32))).build(), "world",
                            example.factors()))
                    .setRequestedAt(Instant.now()).build();
            var serializer = new RegistrySerdes(settings).<io.ontobridge.schema.SampleRequest>serializer();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", settings.bootstrap()),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(settings.topics().requests(), spec.concept(),
                        serializer.serialize(settings.topics().requests(), request))).get();
            }
        }
        String runId = "run" + UUID.randomUUID().toString().substring(0, 6);
        Generator generator = new Generator(new GeneratorConfig(settings, spec, 300, runId));
        generator.start();
        assertTrue(generator.awaitStop(Duration.ofMinutes(3)), "the generator published its 300 samples in time");
        generator.awaitStop(); // rethrows a failure
        var deserializer = new RegistrySerdes(settings).<Sample>deserializer();
        List<Sample> samples = readAll(settings, settings.topics().samples()).stream()
                .map(r -> deserializer.deserialize(r.topic(), r.value())).toList();
        assertEquals(300, samples.size());
        long requested = samples.stream().filter(s -> s.getGeneratorMode().equals("requested")).count();
        if (example == null) {
            assertEquals(0, requested, "no request, no requested samples");
        } else {
            assertTrue(requested > 30, "requested samples: " + requested);
        }
        return samples.stream().filter(s -> near.test(s.getFactors())).count() / (double) samples.size();
    }

    /** What a scenario checks once the run is through. */
    interface Checks {
        void check(ServiceSettings settings, RunTally tally, ProbeSnapshot probe) throws Exception;
    }

    /**
     * Runs the four services on {@code spec} for {@link #SAMPLES} generated samples plus an undecodable
     * record and the given bad samples, checks exactly-once counts through the topics, then {@code checks}.
     */
    void run(ConceptSpec spec, Map<String, SampleInput> badSamples, Checks checks) throws Exception {
        String prefix = "it" + UUID.randomUUID().toString().substring(0, 6);
        ServiceSettings settings = new ServiceSettings(bootstrap(), registry.url(), prefix, 3, WORK, Map.of());
        Topics topics = settings.topics();
        TopicSetup.ensureTopics(settings);
        String runId = "run" + UUID.randomUUID().toString().substring(0, 6);

        try (PipelineServices services = PipelineServices.start(settings, spec, "it")) {
            RunTally tally = new RunTally(settings, runId, Instant.now());
            services.startTask("tally", tally, tally::close);

            publishBadSamples(settings, spec, runId, badSamples);
            Generator generator = new Generator(new GeneratorConfig(settings, spec, SAMPLES, runId));
            generator.start();
            generator.awaitStop();

            int deadLetters = badSamples.size() + 2;      // plus the two undecodable records
            ItSupport.awaitTrue("all samples scored and the bad ones dead-lettered", Duration.ofMinutes(5),
                    () -> tally.distinct(topics.scores()) >= SAMPLES && tally.distinct(topics.deadLetters()) >= deadLetters);
            String probeKey = ProbeKeys.of(spec.concept(), spec.target().name(), spec.target().version());
            ItSupport.awaitTrue("a snapshot covering every sample", Duration.ofSeconds(30), () -> {
                ProbeSnapshot probe = tally.latestProbe(probeKey);
                return probe != null && probe.getSamplesSeen() >= SAMPLES;
            });
            Thread.sleep(2000); // let any duplicate that exactly-once failed to prevent show up

            // Exactly once: every generated sample activated and scored once.
            assertEquals(SAMPLES + badSamples.size(), tally.distinct(topics.samples()), "generated + decodable bad samples");
            assertEquals(SAMPLES, tally.distinct(topics.activations()));
            assertEquals(SAMPLES, tally.records(topics.activations()), "no activation doubled");
            assertEquals(SAMPLES, tally.distinct(topics.scores()));
            assertEquals(SAMPLES, tally.records(topics.scores()), "no score doubled");
            assertEquals(deadLetters, tally.distinct(topics.deadLetters()));
            assertEquals(tally.distinct(topics.disagreements()), tally.records(topics.disagreements()), "no disagreement twice");

            ProbeSnapshot probe = tally.latestProbe(probeKey);
            assertEquals(SAMPLES, probe.getSamplesSeen());
            // Learned from: every sample but the held-out ones and those drawn near a disagreement (judged only).
            long learnable = tally.scores().stream().collect(java.util.stream.Collectors.toMap(RunTally.Scored::sampleId,
                    s -> !s.heldOut() && !"requested".equals(s.mode()), (a, b) -> a)).values().stream()
                    .filter(Boolean::booleanValue).count();
            assertEquals(learnable, probe.getTrainedOn(), "held-out and requested samples are not learned from");
            assertTrue(learnable > SAMPLES * 0.5 && learnable < SAMPLES * 0.95, "learnable " + learnable);
            assertTrue(probe.getHeldOut().getN() >= 25, "held-out window " + probe.getHeldOut().getN());
            assertEquals(64, probe.getTarget().getSha256().length(), "the target's weights are identified");
            // The concept-status topic holds the probe's status as of its last snapshot, announced once per change.
            ConceptStatus announced = ConceptStatuses.read(settings).get(probeKey);
            assertNotNull(announced, "the probe's status is on the concept-status topic");
            assertEquals(probe.getStatus(), announced.getStatus());
            assertEquals(probe.getTarget(), announced.getTarget());
            checks.check(settings, tally, probe);
            services.failIfAnyFailed();
        }
    }

    /**
     * Bad input among the good: bytes that are no record, a record with an unknown schema id, and the given
     * samples (by id suffix; "bad-nan" carries a NaN feature value, "bad-concept" names a concept nobody serves,
     * "bad-model" a source model the concept does not name).
     */
    private static void publishBadSamples(ServiceSettings settings, ConceptSpec spec, String runId,
                                          Map<String, SampleInput> badSamples) {
        ModelRef source = new ModelRef(spec.source().name(), spec.source().version(), "0".repeat(64), spec.source().layer());
        var serializer = new RegistrySerdes(settings).<Sample>serializer();
        String topic = settings.topics().samples();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", settings.bootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "garbage", "not avro at all".getBytes()));
            // Confluent framing with a schema id the registry does not know.
            producer.send(new ProducerRecord<>(topic, "unknown-id", new byte[]{0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4, 6}));
            badSamples.forEach((suffix, input) -> {
                String id = runId + "-" + suffix;
                String concept = suffix.equals("bad-concept") ? "no-such-concept" : spec.concept();
                ModelRef from = suffix.equals("bad-model") ? new ModelRef("no-such-model", "0", "0".repeat(64), "l") : source;
                Sample sample = Sample.newBuilder().setSampleId(id).setConcept(concept).setSource(from)
                        .setInput(input).setFeatureValue(suffix.equals("bad-nan") ? Double.NaN : 0.1)
                        .setGeneratorMode("test").setCreatedAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(topic, id, serializer.serialize(topic, sample)));
            });
            producer.flush();
        }
    }

    private static void assertDeadLetters(ServiceSettings settings, Topics topics, Set<String> errorTypes) {
        var deserializer = new RegistrySerdes(settings).<DeadLetter>deserializer();
        List<DeadLetter> letters = readAll(settings, topics.deadLetters()).stream()
                .map(r -> deserializer.deserialize(r.topic(), r.value())).toList();
        assertEquals(errorTypes, letters.stream().map(DeadLetter::getErrorType).collect(Collectors.toSet()), letters.toString());
        for (DeadLetter letter : letters) {
            assertEquals("inference", letter.getService());
            assertEquals(topics.samples(), letter.getSourceTopic());
            assertNotNull(letter.getOriginalValue(), "the original bytes are kept");
            assertFalse(letter.getReason().isBlank());
        }
        List<DeadLetter> undecodable = letters.stream().filter(l -> l.getErrorType().equals("undecodable")).toList();
        assertEquals(2, undecodable.size(), "garbage bytes and an unknown schema id: " + undecodable);
        assertTrue(undecodable.stream().anyMatch(l -> java.util.Arrays.equals("not avro at all".getBytes(), bytes(l.getOriginalValue()))));
        assertTrue(undecodable.stream().anyMatch(l -> bytes(l.getOriginalValue())[0] == 0 && bytes(l.getOriginalValue())[1] == 0x7f
                && l.getReason().contains("schema id 2139062143 is not in the registry at ")), undecodable.toString());
        assertTrue(undecodable.stream().anyMatch(l -> l.getReason().contains("not a schema-registry record")), undecodable.toString());
        letters.stream().filter(l -> l.getErrorType().equals("input-too-long"))
                .forEach(tooLong -> assertTrue(tooLong.getReason().contains("max_tokens"), tooLong.getReason()));
    }

    /** Decodes a disagreement the way a third-party client would: Confluent framing, schema fetched by id. */
    private static void assertDisagreementDecodesThroughTheRegistry(ServiceSettings settings, Topics topics) throws Exception {
        ConsumerRecord<String, byte[]> record = readAll(settings, topics.disagreements()).get(0);
        ByteBuffer bytes = ByteBuffer.wrap(record.value());
        assertEquals(0, bytes.get(), "Confluent magic byte");
        int schemaId = bytes.getInt();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry.url() + "/schemas/ids/" + schemaId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Schema schema = new Schema.Parser().parse(new ObjectMapper().readTree(response.body()).get("schema").asText());
        assertEquals("io.ontobridge.schema.Disagreement", schema.getFullName());
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(schema).read(null,
                DecoderFactory.get().binaryDecoder(record.value(), 5, record.value().length - 5, null));
        assertEquals(record.key(), decoded.get("sampleId").toString());
        assertNotNull(((GenericRecord) decoded.get("input")).get("text"));
        assertTrue(decoded.get("reason").toString().contains("quantile of held-out residuals"), decoded.get("reason").toString());
        assertTrue(Set.of("probe-higher", "source-higher").contains(decoded.get("kind").toString()), decoded.toString());
        assertTrue(Set.of("mapped", "mapped-but-input-decodable", "concept-drift").contains(decoded.get("probeStatus").toString()));
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(ServiceSettings settings, String topic) {
        Map<String, Object> props = Map.of("bootstrap.servers", settings.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new org.apache.kafka.common.serialization.StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

}
