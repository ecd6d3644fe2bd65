package io.ontobridge.streams.trainer;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.FeatureSpec;
import io.ontobridge.platform.concept.ModelSpec;
import io.ontobridge.platform.concept.MonitorSpec;
import io.ontobridge.platform.concept.ProbeSpec;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.ModelAnnouncements;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.ConceptStatus;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.ModelAnnouncement;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.ProbeSnapshot;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.schema.Score;
import io.ontobridge.streams.PlainAvroSerdes;
import io.ontobridge.streams.TestRecords;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTopologyTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;
    private static final int DIM = 8;
    private final Topics topics = new Topics("t");
    private final PlainAvroSerdes serdes = new PlainAvroSerdes();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> models;
    private TestInputTopic<String, byte[]> activations;
    private TestOutputTopic<String, Score> scores;
    private TestOutputTopic<String, ProbeSnapshot> probes;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private TestOutputTopic<String, ConceptStatus> statuses;

    static ConceptSpec spec(int snapshotEvery) {
        return spec(snapshotEvery, null);
    }

    static ConceptSpec spec(int snapshotEvery, String factor) {
        return spec(new ProbeSpec("linear", 0.05, 8, 10, 100, snapshotEvery, 30, 0.8, 0.5, 0.05, null, null, null, null,
                null, null, null), factor);
    }

    static ConceptSpec spec(ProbeSpec probe, String factor) {
        return new ConceptSpec("c", null, model(TestRecords.SOURCE), new FeatureSpec("unit", null, null, 0, null, factor, null, null, null),
                null, model(TestRecords.TARGET),
                probe, new MonitorSpec(10, 0.99, "all", null), null, null);
    }

    private static ModelSpec model(ModelRef ref) {
        return new ModelSpec(null, ref.getName(), ref.getVersion(), "classpath:m.onnx", "classpath:t.json", null,
                ref.getLayer(), null, null, null, null, null, null);
    }

    @BeforeEach
    void start() {
        startDriver(spec(100));
    }

    private void startDriver(ConceptSpec spec) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trainer-test");
        // Its own state folder: two builds on one machine must not open the same RocksDB files.
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(TrainerTopology.build(spec, topics, serdes), props);
        models = driver.createInputTopic(topics.models(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        // Versions 2 and 3 of the target are checkpoints announced on the models topic.
        announce("2");
        announce("3");
        activations = driver.createInputTopic(topics.activations(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        scores = driver.createOutputTopic(topics.scores(), Serdes.String().deserializer(), serdes.forType(Score.class).deserializer());
        probes = driver.createOutputTopic(topics.probes(), Serdes.String().deserializer(), serdes.forType(ProbeSnapshot.class).deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters(), Serdes.String().deserializer(), serdes.forType(DeadLetter.class).deserializer());
        statuses = driver.createOutputTopic(topics.conceptStatus(), Serdes.String().deserializer(), serdes.forType(ConceptStatus.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** Announces version {@code version} of the target model on the models topic, as training infrastructure does. */
    private void announce(String version) {
        ModelAnnouncement announcement = ModelAnnouncement.newBuilder().setRole(ModelAnnouncements.TARGET)
                .setName(TestRecords.TARGET.getName()).setVersion(version).setLocation("/checkpoints/" + version)
                .setSha256("d".repeat(64)).setAnnouncedBy("test").setAnnouncedAt(java.time.Instant.EPOCH).build();
        models.pipeInput(ModelAnnouncements.key(announcement),
                serdes.forType(ModelAnnouncement.class).serializer().serialize(topics.models(), announcement));
    }

    private void send(ActivatedSample sample) {
        activations.pipeInput(ProbeKeys.of(sample.getConcept(), sample.getTarget()),
                serdes.forType(ActivatedSample.class).serializer().serialize(topics.activations(), sample));
    }

    /** y = 2 x0 - x3 + 0.5 on random x. */
    private static List<ActivatedSample> linearSamples(int n, long seed) {
        Random random = new Random(seed);
        List<ActivatedSample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                x[d] = (float) random.nextGaussian();
            }
            samples.add(TestRecords.activated("c", "s-" + i, x, 2 * x[0] - x[3] + 0.5));
        }
        return samples;
    }

    @Test
    void scoresEverySampleBeforeLearningFromIt() {
        List<ActivatedSample> samples = linearSamples(3, 1);
        samples.forEach(this::send);
        List<Score> out = scores.readValuesToList();
        assertEquals(3, out.size());
        // Nothing learned before the first sample: the first score is the untrained probe's 0.
        assertEquals(0.0, out.get(0).getPrediction());
        assertEquals(0, out.get(0).getProbeTrainedOn());
        for (int i = 0; i < 3; i++) {
            assertEquals(samples.get(i).getSampleId(), out.get(i).getSampleId());
            assertEquals(samples.get(i).getFeatureValue(), out.get(i).getFeatureValue());
        }
    }

    @Test
    void learnsTheMappingAndNeverTrainsOnHeldOutSamples() {
        List<ActivatedSample> samples = linearSamples(3000, 2);
        samples.forEach(this::send);
        List<Score> out = scores.readValuesToList();
        assertEquals(3000, out.size());
        long heldOut = out.stream().filter(Score::getHeldOut).count();
        assertTrue(heldOut > 200 && heldOut < 400, "about 10% held out, got " + heldOut);
        for (Score s : out) {
            assertEquals(HeldOut.isHeldOut(SampleInput.newBuilder().setText("text " + s.getSampleId()).build(), 10),
                    s.getHeldOut());
        }
        List<ProbeSnapshot> snapshots = probes.readValuesToList();
        ProbeSnapshot last = snapshots.get(snapshots.size() - 1);
        assertEquals(3000, last.getSamplesSeen());
        assertEquals(3000 - heldOut, last.getTrainedOn(), "held-out samples are never learned from");
        assertEquals(heldOut, last.getHeldOut().getSeen());
        assertTrue(last.getHeldOut().getPearson() > 0.95, "held-out Pearson " + last.getHeldOut().getPearson());
        assertTrue(last.getHeldOut().getR2() > 0.9, "held-out R2 " + last.getHeldOut().getR2());
        // Test-then-train over the latest learned samples agrees with the held-out figures.
        assertEquals(3000 - heldOut, last.getPrequential().getSeen());
        assertTrue(last.getPrequential().getPearson() > 0.95, "prequential " + last.getPrequential());
        // The late scores are close to the truth.
        Score late = out.get(out.size() - 1);
        assertEquals(late.getFeatureValue(), late.getPrediction(), 0.5);
        // The control probe (same data, feature values permuted) finds nothing; the probe is mapped.
        assertTrue(last.getControl().getN() > 50, last.getControl().toString());
        assertTrue(last.getControl().getR2() < 0.05, "control R2 " + last.getControl().getR2());
        assertEquals(last.getHeldOut().getR2() - Math.max(0, last.getControl().getR2()), last.getSelectivity(), 1e-9);
        assertTrue(last.getSelectivity() > 0.85, "selectivity " + last.getSelectivity());
        assertEquals("mapped", last.getStatus());
        assertTrue(Double.isNaN(last.getLift()), "no baselines, no lift");
        assertEquals("mapped", late.getProbeStatus());
        assertTrue(late.getResidualThreshold() > 0, "a calibrated threshold once warmed up");
    }

    @Test
    void anMlpProbeLearnsABinarizedConceptThatNeedsANonlinearity() {
        stop();
        // XOR-like: the concept is present when the feature -(u.x)(v.x) is at least 0 (u, v: the first two units).
        ProbeSpec mlp = new ProbeSpec("mlp", null, 16, 10, 300, 500, 30, 0.8, 0.2, 0.05, List.of(64), "logistic",
                0.0, null, null, 0.85, null);
        startDriver(spec(mlp, null));
        Random random = new Random(21);
        for (int i = 0; i < 3000; i++) {
            float[] x = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                x[d] = (float) random.nextGaussian();
            }
            send(TestRecords.activated("c", "s-" + i, x, -(double) x[0] * x[1]));
        }
        List<ProbeSnapshot> snapshots = probes.readValuesToList();
        ProbeSnapshot last = snapshots.get(snapshots.size() - 1);
        assertEquals("mlp", last.getKind());
        assertTrue(last.getHeldOut().getAuroc() > 0.85, "held-out AUROC " + last.getHeldOut().getAuroc());
        assertTrue(last.getHeldOut().getCalibrationError() < 0.2, "ECE " + last.getHeldOut().getCalibrationError());
        assertTrue(last.getHeldOut().getAurocBootstrap95().getLow() <= last.getHeldOut().getAuroc(),
                last.getHeldOut().toString());
        assertEquals("mapped", last.getStatus());
        // A binarized concept is coded in cross-entropy: the MLP beats the marginal; the linear difference of
        // means, on a concept no direction separates, does not.
        var codes = last.getCodeLengths();
        assertEquals("cross-entropy", codes.getCode());
        assertTrue(codes.getProbe().getBits() < 0.8 * codes.getProbe().getMarginalBits(), codes.toString());
        assertTrue(codes.getDiffMeans().getBits() > 0.95 * codes.getDiffMeans().getMarginalBits(), codes.toString());
        assertTrue(last.getDiffMeans().getAuroc() < 0.65, last.getDiffMeans().toString());
        List<Score> out = scores.readValuesToList();
        Score late = out.get(out.size() - 1);
        assertTrue(late.getPrediction() >= 0 && late.getPrediction() <= 1, "a probability: " + late.getPrediction());
        assertEquals(0.5, late.getResidualThreshold(), "the cost-weighted decision boundary on the probe's output");
    }

    @Test
    void learnsFromPeoplesVerdictsOnSamplesItDisagreedWith() {
        linearSamples(1000, 5).forEach(this::send);
        String key = ProbeKeys.of("c", TestRecords.TARGET);
        float[] x = {1, 0, 0, 1, 0, 0, 0, 0};          // the truth there: 2 - 1 + 0.5 = 1.5
        String id = "odd-1";
        for (int i = 2; HeldOut.isHeldOut(SampleInput.newBuilder().setText("text " + id).build(), 10); i++) {
            id = "odd-" + i;                             // a learned (not held-out) sample
        }
        send(TestRecords.activated("c", id, x, 11.5));  // the source says 10 more than the pattern
        var flagged = driver.<String, byte[]>getKeyValueStore(TrainerTopology.FLAGGED_STORE);
        String flaggedKey = ReviewLearner.flaggedKey(key, id);
        assertTrue(flagged.get(flaggedKey) != null, "a learned sample the probe disagreed with is kept for review");
        double before = TrackedProbe.fromBytes(driver.<String, byte[]>getKeyValueStore(TrainerTopology.STORE).get(key)).probe().predict(x);

        var reviews = driver.createInputTopic(topics.reviews(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        var review = io.ontobridge.schema.Review.newBuilder().setSampleId(id).setConcept("c").setTarget(TestRecords.TARGET)
                .setProbeVersion(1).setVerdict(io.ontobridge.schema.Verdict.PROBE_WRONG).setReviewer("ann")
                .setReviewedAt(java.time.Instant.EPOCH).build();
        var serializer = serdes.forType(io.ontobridge.schema.Review.class).serializer();
        reviews.pipeInput(key, serializer.serialize(topics.reviews(), review));
        reviews.pipeInput(key, serializer.serialize(topics.reviews(), review));   // a second verdict: ignored
        TrackedProbe after = TrackedProbe.fromBytes(driver.<String, byte[]>getKeyValueStore(TrainerTopology.STORE).get(key));
        assertTrue(after.probe().predict(x) > before, "the probe moved toward the source's value: " + before + " -> " + after.probe().predict(x));
        assertTrue(flagged.get(flaggedKey) == null, "a verdict is applied once");
        assertEquals(java.util.Map.of("PROBE_WRONG", 1L), after.snapshot(io.ontobridge.probe.ProbeStatus.MAPPED).getReviewsApplied());
    }

    @Test
    void aFeatureTheActivationsDoNotCarryIsLost() {
        Random random = new Random(9);
        for (int i = 0; i < 1500; i++) {
            float[] x = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                x[d] = (float) random.nextGaussian();
            }
            send(TestRecords.activated("c", "s-" + i, x, random.nextGaussian()));
        }
        List<Score> out = scores.readValuesToList();
        assertEquals("warming-up", out.get(100).getProbeStatus());
        List<ProbeSnapshot> snapshots = probes.readValuesToList();
        ProbeSnapshot last = snapshots.get(snapshots.size() - 1);
        assertEquals("lost", last.getStatus());
        assertTrue(last.getSelectivity() < 0.2, "selectivity " + last.getSelectivity());
    }

    @Test
    void restartResumesTheProbeFromTheStore() {
        List<ActivatedSample> samples = linearSamples(400, 3);
        samples.subList(0, 200).forEach(this::send);
        // Everything the store holds for the probe: its checkpoint and the updates logged since.
        var store = driver.<String, byte[]>getKeyValueStore(TrainerTopology.STORE);
        java.util.Map<String, byte[]> saved = new java.util.TreeMap<>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> saved.put(entry.key, entry.value));
        }
        assertTrue(saved.size() > 1, "a checkpoint and logged updates: " + saved.keySet());
        TrackedProbe before = new ProbeStore(store, d -> ProbeFactory.fromSpec(spec(100).probe(), d))
                .load(ProbeKeys.of("c", TestRecords.TARGET));
        assertEquals(200, before.probe().samplesSeen());
        driver.close();

        // A new driver with the saved state, as after a restart restored from the changelog.
        startDriver(spec(100));
        saved.forEach(driver.<String, byte[]>getKeyValueStore(TrainerTopology.STORE)::put);
        samples.subList(200, 400).forEach(this::send);
        List<Long> seen = probes.readValuesToList().stream().map(ProbeSnapshot::getSamplesSeen).toList();
        assertEquals(List.of(300L, 400L), seen, "the count goes on from 200, not from 0");
        List<Double> resumed = scores.readValuesToList().stream().map(Score::getPrediction).toList();

        // Bit for bit what a trainer that never stopped predicts: replaying the logged updates is exact.
        driver.close();
        startDriver(spec(100));
        samples.forEach(this::send);
        List<Double> continuous = scores.readValuesToList().stream().map(Score::getPrediction).toList();
        assertEquals(continuous.subList(200, 400), resumed);
    }

    @Test
    void theHeldOutSplitIsByInputContentSoARepeatedTextIsNeverBothLearnedAndJudged() {
        // A corpus of 40 lines cycled over 400 samples: each text comes back ten times under new sample ids.
        Random random = new Random(9);
        for (int i = 0; i < 400; i++) {
            float[] x = new float[DIM];
            x[0] = (float) random.nextGaussian();
            ActivatedSample sample = TestRecords.activated("c", "cycled-" + i, x, x[0]);
            sample.setInput(SampleInput.newBuilder().setText("corpus line " + i % 40).build());
            send(sample);
        }
        java.util.Map<String, java.util.Set<Boolean>> splitByText = new java.util.HashMap<>();
        for (Score score : scores.readValuesToList()) {
            splitByText.computeIfAbsent(score.getInput().getText(), t -> new java.util.HashSet<>()).add(score.getHeldOut());
        }
        assertEquals(40, splitByText.size());
        splitByText.forEach((text, sides) -> assertEquals(1, sides.size(), text + " is on both sides of the split"));
        assertTrue(splitByText.values().stream().anyMatch(sides -> sides.contains(true)), "some texts are held out");
    }

    @Test
    void anMlpStateOverAMegabyteIsStoredInPartsThatFitAndRestoresExactly() {
        // probe.kind mlp, hidden [64] at 384 inputs: the probe with its control is over 1 MB, once one record.
        ConceptSpec mlp = spec(new ProbeSpec("mlp", null, 8, 10, 100, 100, 30, 0.8, 0.5, 0.05, List.of(64), null, null,
                null, null, null, null), null);
        driver.close();
        startDriver(mlp);
        Random random = new Random(5);
        List<ActivatedSample> samples = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            float[] x = new float[384];
            for (int d = 0; d < x.length; d++) {
                x[d] = (float) random.nextGaussian();
            }
            samples.add(TestRecords.activated("c", "s-" + i, x, x[0] - x[7]));
        }
        samples.subList(0, 130).forEach(this::send);
        var store = driver.<String, byte[]>getKeyValueStore(TrainerTopology.STORE);
        java.util.Map<String, byte[]> saved = new java.util.TreeMap<>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> saved.put(entry.key, entry.value));
        }
        String key = ProbeKeys.of("c", TestRecords.TARGET);
        assertTrue(saved.containsKey(key + "#part#00001"), "cut into parts: " + saved.keySet());
        saved.forEach((k, v) -> assertTrue(v.length <= StoredParts.PART_BYTES + 9, k + " is " + v.length + " bytes"));
        assertEquals(130, scores.readValuesToList().size(), "every sample scored");
        // Its snapshot carries the whole network (it used to carry empty weights for an MLP).
        ProbeSnapshot snapshot = probes.readValuesToList().get(0);
        assertEquals(List.of(384, 64), snapshot.getNetwork().getLayers().get(0).getWeights().getShape());
        assertEquals(List.of(64, 1), snapshot.getNetwork().getLayers().get(1).getWeights().getShape());
        assertEquals("identity", snapshot.getNetwork().getOutput());
        driver.close();

        // Restored from those records, it goes on bit for bit as a trainer that never stopped.
        startDriver(mlp);
        saved.forEach(driver.<String, byte[]>getKeyValueStore(TrainerTopology.STORE)::put);
        samples.subList(130, 160).forEach(this::send);
        List<Double> resumed = scores.readValuesToList().stream().map(Score::getPrediction).toList();
        driver.close();
        startDriver(mlp);
        samples.forEach(this::send);
        List<Double> continuous = scores.readValuesToList().stream().map(Score::getPrediction).toList();
        assertEquals(continuous.subList(130, 160), resumed);
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicAndProcessingContinues() {
        activations.pipeInput("c|tgt|1", new byte[]{1, 2, 3});
        send(TestRecords.activated("c", "nan", new float[]{Float.NaN, 0, 0, 0, 0, 0, 0, 0}, 1));
        send(TestRecords.activated("c", "inf-feature", new float[DIM], Double.POSITIVE_INFINITY));
        send(TestRecords.activated("c", "good", new float[DIM], 1));
        send(TestRecords.activated("c", "short", new float[DIM - 1], 1));

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertEquals(List.of("undecodable", "bad-activations", "bad-feature-value", "dimension-mismatch"),
                letters.stream().map(DeadLetter::getErrorType).toList());
        DeadLetter undecodable = letters.get(0);
        assertEquals(topics.activations(), undecodable.getSourceTopic());
        assertEquals(0, undecodable.getSourceOffset());
        byte[] original = new byte[undecodable.getOriginalValue().remaining()];
        undecodable.getOriginalValue().duplicate().get(original);
        assertArrayEquals(new byte[]{1, 2, 3}, original);
        assertEquals("short", letters.get(3).getSampleId());
        assertTrue(letters.get(3).getReason().contains("7 values"), letters.get(3).getReason());

        List<Score> out = scores.readValuesToList();
        assertEquals(1, out.size());
        assertEquals("good", out.get(0).getSampleId());
    }

    @Test
    void fitsBaselinesAndReportsFidelityByModeAndAgainstTheTruth() {
        stop();
        startDriver(spec(500, "truth"));
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            float[] x = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                x[d] = (float) random.nextGaussian();
            }
            double truth = x[0] + x[1];
            double feature = truth + 0.3 * random.nextGaussian();
            // The "input" control holds the truth only in a nonlinear form; "noise" holds nothing.
            float[] squared = {(float) (truth * truth), (float) random.nextGaussian()};
            float[] noise = {(float) random.nextGaussian(), (float) random.nextGaussian(), (float) random.nextGaussian()};
            boolean world = i % 3 != 0;
            send(TestRecords.activated("c", "s-" + i, x, feature, java.util.Map.of("input", squared, "noise", noise),
                    world ? "world" : "decoder", world ? java.util.Map.of("truth", truth) : java.util.Map.of()));
        }
        List<ProbeSnapshot> snapshots = probes.readValuesToList();
        ProbeSnapshot last = snapshots.get(snapshots.size() - 1);
        assertEquals(2000, last.getSamplesSeen());
        assertEquals(java.util.Set.of("world", "decoder"), last.getHeldOutByMode().keySet());
        assertTrue(last.getHeldOutByMode().get("world").getPearson() > 0.9, last.getHeldOutByMode().toString());
        assertTrue(last.getHeldOutByMode().get("decoder").getN() > 30, last.getHeldOutByMode().toString());
        // The controls: the probe on the target read-out beats both.
        assertEquals(java.util.Set.of("input", "noise"), last.getBaselines().keySet());
        double probeR2 = last.getHeldOut().getR2();
        assertTrue(probeR2 > 0.85, "probe R2 " + probeR2);
        assertTrue(last.getBaselines().get("noise").getR2() < 0.1, last.getBaselines().toString());
        assertTrue(last.getBaselines().get("input").getR2() < probeR2 - 0.3, last.getBaselines().toString());
        // Ground truth, from held-out world samples only.
        assertEquals("truth", last.getGroundTruth().getFactor());
        assertEquals(last.getHeldOutByMode().get("world").getN(), last.getGroundTruth().getN());
        assertTrue(last.getGroundTruth().getSourceCorr() > 0.95, last.getGroundTruth().toString());
        assertTrue(last.getGroundTruth().getProbeCorr() > 0.9, last.getGroundTruth().toString());
        // Bootstrap intervals around the figures a reader compares, not around those by mode.
        var heldOut = last.getHeldOut();
        assertTrue(heldOut.getPearsonBootstrap95().getLow() <= heldOut.getPearson()
                && heldOut.getPearson() <= heldOut.getPearsonBootstrap95().getHigh(), heldOut.toString());
        assertTrue(heldOut.getR2Bootstrap95().getLow() < heldOut.getR2Bootstrap95().getHigh(), heldOut.toString());
        assertNull(heldOut.getAurocBootstrap95(), "not a binarized concept");
        assertNotNull(last.getBaselines().get("input").getPearsonBootstrap95());
        assertNotNull(last.getControl().getR2Bootstrap95());
        assertNull(last.getHeldOutByMode().get("world").getPearsonBootstrap95());
        // The difference of means on the same activations (isotropic here: as good as the probe), and the codes.
        assertTrue(last.getDiffMeans().getPearson() > 0.9, last.getDiffMeans().toString());
        var codes = last.getCodeLengths();
        assertEquals("gaussian", codes.getCode());
        assertEquals(codes.getProbe().getN(), codes.getControl().getN(), "over the same samples");
        assertEquals(codes.getProbe().getN(), codes.getBaselines().get("noise").getN());
        assertTrue(codes.getProbe().getN() > 1700, codes.toString());
        double probeCompression = codes.getProbe().getMarginalBits() / codes.getProbe().getBits();
        assertTrue(probeCompression > 1.1, codes.toString());
        assertTrue(codes.getControl().getMarginalBits() / codes.getControl().getBits() < 1.02, codes.toString());
        assertTrue(codes.getBaselines().get("noise").getBits() > codes.getProbe().getBits(), codes.toString());
    }

    @Test
    void aBaselineOfTheWrongSizeIsADeadLetter() {
        send(TestRecords.activated("c", "a", new float[DIM], 1, java.util.Map.of("input", new float[4]), "world", java.util.Map.of()));
        send(TestRecords.activated("c", "b", new float[DIM], 1, java.util.Map.of("input", new float[5]), "world", java.util.Map.of()));
        DeadLetter letter = deadLetters.readValue();
        assertEquals("dimension-mismatch", letter.getErrorType());
        assertEquals("b", letter.getSampleId());
        assertEquals(1, scores.readValuesToList().size());
    }

    @Test
    void activationsFromAnotherTargetModelAreADeadLetter() {
        ActivatedSample foreign = TestRecords.activated("c", "foreign", new float[DIM], 1);
        foreign.setTarget(new ModelRef("someone-else", "7", "c".repeat(64), "layer-t"));
        send(foreign);
        send(TestRecords.activated("c", "good", new float[DIM], 1));
        DeadLetter letter = deadLetters.readValue();
        assertEquals("unknown-model", letter.getErrorType());
        assertEquals("foreign", letter.getSampleId());
        assertTrue(letter.getReason().contains("someone-else version 7"), letter.getReason());
        assertEquals(List.of("good"), scores.readValuesToList().stream().map(Score::getSampleId).toList());
    }

    @Test
    void aNewVersionOfTheTargetGetsItsOwnProbe() {
        ModelRef next = new ModelRef(TestRecords.TARGET.getName(), "2", "d".repeat(64), TestRecords.TARGET.getLayer());
        for (ActivatedSample sample : linearSamples(300, 5)) {
            send(sample);
            ActivatedSample same = ActivatedSample.newBuilder(sample).setTarget(next).build();
            activations.pipeInput(ProbeKeys.of(same.getConcept(), next),
                    serdes.forType(ActivatedSample.class).serializer().serialize(topics.activations(), same));
        }
        assertTrue(deadLetters.isEmpty());
        List<Score> out = scores.readValuesToList();
        assertEquals(600, out.size());
        assertEquals(300, out.stream().filter(s -> s.getTarget().getVersion().equals("2")).count());
        var store = driver.<String, byte[]>getKeyValueStore(TrainerTopology.STORE);
        var probesByVersion = new ProbeStore(store, d -> ProbeFactory.fromSpec(spec(100).probe(), d));
        assertEquals(300, probesByVersion.load(ProbeKeys.of("c", TestRecords.TARGET)).probe().samplesSeen());
        assertEquals(300, probesByVersion.load(ProbeKeys.of("c", next)).probe().samplesSeen(), "each version its own probe");
    }

    @Test
    void aVersionThatWasNeverAnnouncedIsADeadLetter() {
        ActivatedSample stray = TestRecords.activated("c", "stray", new float[DIM], 1);
        stray.setTarget(new ModelRef(TestRecords.TARGET.getName(), "9", "e".repeat(64), TestRecords.TARGET.getLayer()));
        send(stray);
        driver.advanceWallClockTime(HeldActivations.LIMIT.minusSeconds(5));
        assertTrue(deadLetters.isEmpty() && scores.isEmpty(), "held while its announcement may still be on its way");
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(6));
        DeadLetter letter = deadLetters.readValue();
        assertEquals("unknown-model", letter.getErrorType());
        assertTrue(letter.getReason().contains("version 9") && letter.getReason().contains("announced"), letter.getReason());
        assertTrue(scores.isEmpty());
    }

    @Test
    void activationsThatArriveBeforeTheirVersionsAnnouncementWaitForItAndKeepTheirOrder() {
        ModelRef four = new ModelRef(TestRecords.TARGET.getName(), "4", "f".repeat(64), TestRecords.TARGET.getLayer());
        List<ActivatedSample> early = linearSamples(40, 11);
        early.forEach(sample -> sample.setTarget(four));
        early.forEach(this::send);
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(2));
        assertTrue(scores.isEmpty() && deadLetters.isEmpty(), "nothing is scored, nothing dead-lettered yet");
        announce("4");
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(2));
        List<Score> out = scores.readValuesToList();
        assertEquals(early.stream().map(ActivatedSample::getSampleId).toList(),
                out.stream().map(Score::getSampleId).toList(), "every held sample scored once, in arrival order");
        assertTrue(out.stream().allMatch(score -> score.getTarget().getVersion().equals("4")));
        assertTrue(deadLetters.isEmpty());
        // Once the version is known, later activations are learned from at once.
        ActivatedSample late = linearSamples(1, 12).get(0);
        late.setTarget(four);
        send(late);
        assertEquals(late.getSampleId(), scores.readValue().getSampleId());
    }

    /** Each sample as version 1 sees it, then as {@code version} sees it (read-outs from {@code readOut}). */
    private void sendSideBySide(List<ActivatedSample> samples, String version,
                                java.util.function.UnaryOperator<float[]> readOut) {
        ModelRef next = new ModelRef(TestRecords.TARGET.getName(), version, "d".repeat(64), TestRecords.TARGET.getLayer());
        for (ActivatedSample sample : samples) {
            send(sample);
            float[] x = Float32Tensors.values(sample.getActivations());
            send(ActivatedSample.newBuilder(sample).setTarget(next)
                    .setActivations(Float32Tensors.vector(readOut.apply(x))).build());
        }
    }

    @Test
    void comparesANewVersionWithThePreviousOneOnTheSamplesBothScored() {
        linearSamples(1500, 21).forEach(this::send);              // version 1 alone: mapped
        statuses.readValuesToList();
        // Version 2 reads the same concept in a shuffled, rescaled layer.
        sendSideBySide(linearSamples(1500, 22), "2", x -> new float[]{x[3] * 3, x[1], x[0] * -2, x[2], x[7], x[6], x[5], x[4]});
        List<ConceptStatus> v2 = statuses.readValuesToList().stream()
                .filter(s -> s.getTarget().getVersion().equals("2")).toList();
        ConceptStatus compared = v2.stream().filter(s -> s.getComparison() != null).findFirst().orElseThrow();
        var comparison = compared.getComparison();
        assertEquals("1", comparison.getFromVersion());
        assertEquals("mapped", comparison.getFromStatus());
        assertEquals(VersionComparisons.COMPARISON_READY, comparison.getSamples(), "announced as soon as it is ready");
        assertTrue(v2.stream().filter(s -> s.getComparison() != null).map(s -> s.getComparison().getSamples()).toList()
                .containsAll(List.of(200L, 400L, 800L)), "and again each time the compared samples double");
        assertTrue(comparison.getFidelityBefore() > 0.9, "version 1 mapped: " + comparison.getFidelityBefore());
        ConceptStatus last = v2.get(v2.size() - 1);
        assertEquals("mapped", last.getStatus(), "the concept survived into version 2");
        assertEquals(800, last.getComparison().getSamples(), "the comparison goes on while both run");
        assertTrue(last.getComparison().getFidelityAfter() > 0.9, "version 2's probe: " + last.getComparison().getFidelityAfter());
        assertTrue(last.getComparison().getPredictionPearson() > 0.8, "two probes of one concept agree: "
                + last.getComparison().getPredictionPearson());
        assertTrue(last.getComparison().getProbeDisagreementShare() < 0.2, "share " + last.getComparison().getProbeDisagreementShare());
        // Version 1 retires: version 2 alone announces the comparison as it ended, once.
        ModelRef version2 = new ModelRef(TestRecords.TARGET.getName(), "2", "d".repeat(64), TestRecords.TARGET.getLayer());
        for (ActivatedSample alone : linearSamples(50, 23)) {
            ActivatedSample renamed = ActivatedSample.newBuilder(alone).setSampleId("late-" + alone.getSampleId()).setTarget(version2).build();
            renamed.setActivations(Float32Tensors.vector(new float[]{0, 0, 0, 0, 0, 0, 0, 0}));
            send(renamed);
        }
        List<ConceptStatus> after = statuses.readValuesToList();
        assertEquals(1, after.size(), "one final comparison");
        assertEquals(1500, after.get(0).getComparison().getSamples());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void aNewVersionStartsFromThePreviousProbeWhenTheSpecAsksAndTheSizesMatch() {
        stop();
        ConceptSpec base = spec(100);
        startDriver(new ConceptSpec(base.concept(), null, base.source(), base.feature(), base.generator(), base.target(),
                base.probe(), base.monitor(), new io.ontobridge.platform.concept.FollowSpec(null, null, true), null));
        linearSamples(1500, 41).forEach(this::send);
        scores.readValuesToList();
        sendSideBySide(linearSamples(1, 42), "2", x -> x);
        List<Score> first = scores.readValuesToList();
        // Version 1 learned from the sample before version 2's probe was copied from it: nearly the same reading.
        assertEquals(first.get(0).getPrediction(), first.get(1).getPrediction(), 0.01,
                "version 2's first prediction is version 1's: it starts from that probe");
        assertTrue(Math.abs(first.get(1).getPrediction()) > 0.5, "not an untrained probe's 0");
        assertEquals(first.get(0).getProbeTrainedOn(), first.get(1).getProbeTrainedOn(), 1,
                "its weights carry the samples they were trained on");
        var store = driver.<String, byte[]>getKeyValueStore(TrainerTopology.STORE);
        TrackedProbe v2 = new ProbeStore(store, d -> ProbeFactory.fromSpec(spec(100).probe(), d))
                .load(ProbeKeys.of("c", TestRecords.TARGET.getName(), "2"));
        assertEquals(1, v2.probe().samplesSeen(), "its own counts and fidelity start afresh");
    }

    @Test
    void pairsStayTogetherWhenTwoInferenceInstancesInterleaveTheirBatches() {
        linearSamples(1500, 51).forEach(this::send);
        statuses.readValuesToList();
        ModelRef two = new ModelRef(TestRecords.TARGET.getName(), "2", "d".repeat(64), TestRecords.TARGET.getLayer());
        // Two instances' batches of 10 samples each land in the activations partition interleaved: one instance's
        // version-1 record of a sample, then the other's whole batch, then that sample's version-2 record.
        List<ActivatedSample> a = linearSamples(200, 52);
        List<ActivatedSample> b = linearSamples(200, 53).stream()
                .map(s -> ActivatedSample.newBuilder(s).setSampleId("b-" + s.getSampleId()).build()).toList();
        for (int i = 0; i < 200; i += 10) {
            for (int j = i; j < i + 10; j++) {
                send(a.get(j));
                for (int k = i; k < i + 10 && j == i; k++) {
                    send(b.get(k));
                    send(ActivatedSample.newBuilder(b.get(k)).setTarget(two).build());
                }
                send(ActivatedSample.newBuilder(a.get(j)).setTarget(two).build());
            }
        }
        List<ConceptStatus> v2 = statuses.readValuesToList().stream()
                .filter(st -> st.getTarget().getVersion().equals("2") && st.getComparison() != null).toList();
        assertEquals(400, v2.get(v2.size() - 1).getComparison().getSamples(), "every one of the 400 samples compared");
    }

    @Test
    void aNewVersionStartsAfreshByDefault() {
        linearSamples(1500, 41).forEach(this::send);
        scores.readValuesToList();
        sendSideBySide(linearSamples(1, 42), "2", x -> x);
        assertEquals(0.0, scores.readValuesToList().get(1).getPrediction(), "an untrained probe says 0");
    }

    @Test
    void aVersionWhoseActivationsCarryNoTraceOfTheConceptIsLost() {
        linearSamples(1500, 31).forEach(this::send);
        statuses.readValuesToList();
        Random noise = new Random(32);
        sendSideBySide(linearSamples(1500, 33), "3", x -> {
            float[] unrelated = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                unrelated[d] = (float) noise.nextGaussian();
            }
            return unrelated;
        });
        List<ConceptStatus> v3 = statuses.readValuesToList().stream()
                .filter(s -> s.getTarget().getVersion().equals("3")).toList();
        ConceptStatus last = v3.get(v3.size() - 1);
        assertEquals("lost", last.getStatus());
        assertTrue(last.getComparison().getFidelityAfter() < 0.3, "no trace: " + last.getComparison().getFidelityAfter());
        assertTrue(last.getComparison().getProbeDisagreementShare() > 0.3,
                "the probes call many samples differently: " + last.getComparison().getProbeDisagreementShare());
        assertTrue(Math.abs(last.getComparison().getPredictionPearson()) < 0.3, "unrelated predictions: "
                + last.getComparison().getPredictionPearson());
    }

    @Test
    void announcesEachStatusChangeOnceOnTheConceptStatusTopic() {
        linearSamples(800, 11).forEach(this::send);
        List<ConceptStatus> changes = statuses.readValuesToList();
        assertEquals(List.of("warming-up", "mapped"), changes.stream().map(ConceptStatus::getStatus).toList(),
                "one record per change, not one per snapshot (8 snapshots were taken)");
        assertEquals(null, changes.get(0).getPreviousStatus());
        ConceptStatus mapped = changes.get(1);
        assertEquals("warming-up", mapped.getPreviousStatus());
        assertEquals(TestRecords.TARGET, mapped.getTarget());
        assertTrue(mapped.getHeldOutPearson() > 0.8, "mapped with held-out r " + mapped.getHeldOutPearson());
        assertTrue(mapped.getSamplesSeen() > 0 && mapped.getSamplesSeen() % 100 == 0, "announced with a snapshot");
        // A restart from the store does not announce the unchanged status again.
        var store = driver.<String, byte[]>getKeyValueStore(TrainerTopology.STORE);
        java.util.Map<String, byte[]> saved = new java.util.TreeMap<>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> saved.put(entry.key, entry.value));
        }
        driver.close();
        startDriver(spec(100));
        saved.forEach(driver.<String, byte[]>getKeyValueStore(TrainerTopology.STORE)::put);
        linearSamples(200, 12).forEach(this::send);
        assertTrue(statuses.isEmpty(), "still mapped: nothing new to announce");
    }

    @Test
    void publishesEachProbesFiguresAsMeters() {
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(meters);
        try {
            linearSamples(800, 13).forEach(this::send);
            String version = TestRecords.TARGET.getVersion();
            assertTrue(meters.get("ontobridge.probe.heldout.pearson").tag("concept", "c").tag("version", version).gauge()
                    .value() > 0.8);
            assertEquals(1.0, meters.get("ontobridge.probe.status").tag("version", version).tag("status", "mapped")
                    .gauge().value());
            assertEquals(0.0, meters.get("ontobridge.probe.status").tag("version", version).tag("status", "lost")
                    .gauge().value());
            assertEquals(800.0, meters.get("ontobridge.scores").tag("concept", "c").tag("version", version).counter().count());
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(meters);
        }
    }

    @Test
    void ignoresOtherConcepts() {
        send(TestRecords.activated("other", "x", new float[DIM], 1));
        assertTrue(scores.isEmpty());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void publishesSnapshotsEveryNSamples() {
        stop();
        startDriver(spec(10));
        linearSamples(35, 4).forEach(this::send);
        List<ProbeSnapshot> snapshots = probes.readValuesToList();
        assertEquals(List.of(10L, 20L, 30L), snapshots.stream().map(ProbeSnapshot::getSamplesSeen).toList());
        assertEquals(DIM, snapshots.get(2).getWeights().getShape().get(0));
        assertFalse(Double.isNaN(snapshots.get(2).getBias()));
    }
}
