package io.ontobridge.streams.monitor;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Disagreement;
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

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorTopologyTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;
    private final Topics topics = new Topics("t");
    private final PlainAvroSerdes serdes = new PlainAvroSerdes();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> scores;
    private TestOutputTopic<String, Disagreement> disagreements;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        // min_trained 10, emit all (see TrainerTopologyTest.spec)
        startDriver(io.ontobridge.streams.trainer.TrainerTopologyTestSpecs.spec());
    }

    private void startDriver(ConceptSpec spec) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitor-test");
        // Its own state folder: two builds on one machine must not open the same RocksDB files.
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(MonitorTopology.build(spec, topics, serdes), props);
        scores = driver.createInputTopic(topics.scores(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        disagreements = driver.createOutputTopic(topics.disagreements(), Serdes.String().deserializer(),
                serdes.forType(Disagreement.class).deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters(), Serdes.String().deserializer(),
                serdes.forType(DeadLetter.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(Score score) {
        scores.pipeInput("c|tgt|1", serdes.forType(Score.class).serializer().serialize(topics.scores(), score));
    }

    @Test
    void emitsResidualsBeyondTheCalibratedThresholdOfAMappedProbeOnly() {
        send(TestRecords.score("c", "small", 1.0, 1.1, 100, 0.2, "mapped"));            // within the threshold
        send(TestRecords.score("c", "large", 1.0, 1.5, 100, 0.2, "mapped"));            // 2.5x the threshold
        send(TestRecords.score("c", "untrained", 1.0, 9.0, 5, 0.2, "mapped"));          // trained on too few
        send(TestRecords.score("c", "warming", 1.0, 9.0, 100, 0.2, "warming-up"));      // not mapped yet
        send(TestRecords.score("c", "lost", 1.0, 9.0, 100, 0.2, "lost"));               // not mapped
        send(TestRecords.score("c", "uncalibrated", 1.0, 9.0, 100, 0.0, "mapped"));     // no threshold yet
        send(TestRecords.score("other", "other", 1.0, 9.0, 100, 0.2, "mapped"));        // another concept
        send(TestRecords.score("c", "negative", 1.0, 0.6, 100, 0.2, "mapped-but-input-decodable"));
        // The trainer's ADWIN found the flagged share rising: disagreements now are where the target changed.
        send(TestRecords.score("c", "drifting", 1.0, 1.5, 100, 0.2, "concept-drift"));

        var out = disagreements.readKeyValuesToList();
        assertEquals(List.of("large", "negative", "drifting"), out.stream().map(kv -> kv.key).toList());
        Disagreement d = out.get(0).value;
        assertEquals("large", d.getSampleId());
        assertEquals("text large", d.getInput().getText());
        assertEquals(1.0, d.getFeatureValue());
        assertEquals(1.5, d.getPrediction());
        assertEquals(0.5, d.getResidual(), 1e-12);
        assertEquals("probe-higher", d.getKind());
        assertEquals(2.5, d.getSize(), 1e-9);
        assertEquals(0.2, d.getResidualThreshold());
        assertEquals("mapped", d.getProbeStatus());
        assertEquals(100 / 32, d.getProbeVersion());
        assertTrue(d.getReason().contains("2.5 times the threshold"), d.getReason());
        assertEquals("source-higher", out.get(1).value.getKind());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void groupsDisagreementsAndEmitsOnlyNewGroupsAndNoSampleTwice() {
        stop();
        ConceptSpec base = io.ontobridge.streams.trainer.TrainerTopologyTestSpecs.spec();
        ConceptSpec spec = new ConceptSpec(base.concept(), null, base.source(), base.feature(), base.generator(),
                base.target(), base.probe(), new io.ontobridge.platform.concept.MonitorSpec(10, 0.99, "new-groups", null), null, null);
        startDriver(spec);
        java.util.Random random = new java.util.Random(4);
        float[] blob = new float[16];
        for (int d = 0; d < 16; d++) {
            blob[d] = 4f;
        }
        int planted = 0;
        for (int i = 0; i < 3000; i++) {
            boolean inBlob = i % 100 == 7;              // 30 samples in one far-off region, all disagreeing
            float[] x = new float[16];
            for (int d = 0; d < 16; d++) {
                x[d] = (inBlob ? blob[d] : 0f) + (float) random.nextGaussian() * (inBlob ? 0.1f : 1f);
            }
            double prediction = inBlob ? 2.0 : 1.0;      // residual 1 > threshold 0.5 in the blob only
            Score score = TestRecords.score("c", "s-" + i, 1.0, prediction, 100, 0.5, "mapped");
            score.setActivations(io.ontobridge.schema.Float32Tensors.vector(x));
            send(score);
            if (inBlob) {
                planted++;
                send(score);                               // the same score again: never emitted twice
            }
        }
        var out = disagreements.readValuesToList();
        assertTrue(planted == 30);
        assertTrue(!out.isEmpty() && out.size() <= 4, "one record when the group opens, then at milestones: " + out.size());
        Disagreement first = out.get(0);
        assertTrue(first.getGroup().getIsNew());
        assertEquals(1, first.getGroup().getSize());
        assertEquals(out.stream().map(Disagreement::getSampleId).distinct().count(), out.size(), "no sample twice");
        assertTrue(out.stream().allMatch(d -> d.getGroup().getId() == first.getGroup().getId()), "one group");
        assertTrue(out.stream().anyMatch(d -> d.getGroup().getSize() >= 5 && !d.getGroup().getIsNew()),
                "the group is reported again when it grows past a milestone: " + out.stream().map(d -> d.getGroup().getSize()).toList());
        // Each carries the nearest recent agreeing samples, nearest first.
        var nearest = out.get(out.size() - 1).getNearestAgreeing();
        assertEquals(3, nearest.size());
        assertTrue(nearest.get(0).getDistance() <= nearest.get(2).getDistance());
        assertTrue(nearest.stream().noneMatch(n -> n.getSampleId().equals(first.getSampleId())));
        // Active sampling: each reported disagreement asks the generator for samples near it.
        var requests = driver.createOutputTopic(topics.requests(), Serdes.String().deserializer(),
                serdes.forType(io.ontobridge.schema.SampleRequest.class).deserializer()).readValuesToList();
        assertEquals(out.size(), requests.size());
        assertEquals(first.getSampleId(), requests.get(0).getExample().getSampleId());
        assertEquals(first.getGroup().getId(), requests.get(0).getGroupId());
    }

    @Test
    void byDefaultADifferenceInDegreeIsNotEmittedAloneAndAnInputIsEmittedOnce() {
        stop();
        // min_trained 500 by default; 300 agreeing scores around a source mean of 0.
        startWithAgreeingScores(io.ontobridge.platform.concept.MonitorSpec.defaults(), 3);
        // Each disagreement far from the others, so that each opens a group of its own.
        send(at(TestRecords.score("c", "degree", -2.0, -2.6, 1000, 0.5, "mapped"), 10));    // 1.2x, both "not"
        send(at(TestRecords.score("c", "much", -2.0, -3.5, 1000, 0.5, "mapped"), 20));      // 3x, both "not"
        send(at(TestRecords.score("c", "crossing", -0.4, 0.4, 1000, 0.5, "mapped"), 30));   // 1.6x, across
        Score again = at(TestRecords.score("c", "crossing-again", -0.4, 0.4, 1000, 0.5, "mapped"), 40);
        again.setInput(io.ontobridge.schema.SampleInput.newBuilder().setText("text crossing").build());
        send(again);                                                                    // the same text, a new id

        var out = disagreements.readValuesToList();
        assertEquals(List.of("much", "crossing"), out.stream().map(Disagreement::getSampleId).toList());
        assertEquals("same", out.get(0).getSides());
        assertTrue(out.get(0).getReason().contains("same side of the concept"), out.get(0).getReason());
        assertEquals("opposite", out.get(1).getSides());
        assertEquals("residual", out.get(1).getJudgedBy());
    }

    @Test
    void underEmitAllADifferenceInDegreeGoesOutWithoutAGroupAndAsksForNoSamples() {
        stop();
        startWithAgreeingScores(new io.ontobridge.platform.concept.MonitorSpec(null, null, "all", null, null), 5);
        send(at(TestRecords.score("c", "degree", -2.0, -2.6, 1000, 0.5, "mapped"), 10));    // 1.2x, both "not"
        send(at(TestRecords.score("c", "crossing", -0.4, 0.4, 1000, 0.5, "mapped"), 30));   // 1.6x, across

        var out = disagreements.readValuesToList();
        assertEquals(List.of("degree", "crossing"), out.stream().map(Disagreement::getSampleId).toList());
        assertNull(out.get(0).getGroup(), "a difference in degree joins no group");
        assertEquals("same", out.get(0).getSides());
        assertTrue(out.get(1).getGroup().getIsNew());
        var requests = driver.createOutputTopic(topics.requests(), Serdes.String().deserializer(),
                serdes.forType(io.ontobridge.schema.SampleRequest.class).deserializer()).readValuesToList();
        assertEquals(List.of("crossing"), requests.stream().map(r -> r.getExample().getSampleId()).toList(),
                "samples are asked for near the crossing only");
    }

    @Test
    void aBinarizedConceptsResidualIsTheProbabilityMinusTheSourcesLabel() {
        var logistic = new io.ontobridge.platform.concept.ProbeSpec("linear", null, null, null, null, null, null, null,
                null, null, null, "logistic", 0.0, null, null, null, null);
        Score score = TestRecords.score("c", "s", -0.5362, 0.702, 1000, 0.5, "mapped");
        Disagreement d = DisagreementRecords.of(score, io.ontobridge.platform.concept.MonitorSpec.defaults(),
                logistic, ConceptSides.OPPOSITE);
        assertEquals("decision", d.getJudgedBy());
        assertEquals(0.702, d.getResidual(), 1e-12, "0.702 - label 0, not 0.702 - (-0.5362)");
        assertEquals(0.404, d.getSize(), 1e-9);
    }

    /** The driver with this monitor spec, fed 300 scores on which probe and source agree, around a mean of 0. */
    private void startWithAgreeingScores(io.ontobridge.platform.concept.MonitorSpec monitor, long seed) {
        ConceptSpec base = io.ontobridge.streams.trainer.TrainerTopologyTestSpecs.spec();
        startDriver(new ConceptSpec(base.concept(), null, base.source(), base.feature(), base.generator(),
                base.target(), base.probe(), monitor, null, null));
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < 300; i++) {
            double feature = random.nextGaussian();
            Score score = TestRecords.score("c", "bg-" + i, feature, feature, 1000, 0.5, "mapped");
            score.setActivations(io.ontobridge.schema.Float32Tensors.vector(new float[]{(float) random.nextGaussian(), 0}));
            send(score);
        }
    }

    private static Score at(Score score, float where) {
        score.setActivations(io.ontobridge.schema.Float32Tensors.vector(new float[]{where, where}));
        return score;
    }

    @Test
    void reportsPeoplesVerdictsPerGroup() {
        // emit all (see TrainerTopologyTest.spec): every disagreement of the group goes out.
        java.util.Random random = new java.util.Random(8);
        for (int i = 0; i < 300; i++) {
            Score score = TestRecords.score("c", "bg-" + i, 1.0, 1.0, 100, 0.5, "mapped");
            float[] x = new float[8];
            for (int d = 0; d < 8; d++) {
                x[d] = (float) random.nextGaussian();
            }
            score.setActivations(io.ontobridge.schema.Float32Tensors.vector(x));
            send(score);
        }
        float[] spot = {5, 5, 5, 5, 5, 5, 5, 5};
        Score a = TestRecords.score("c", "a", 1.0, 2.0, 100, 0.5, "mapped");
        a.setActivations(io.ontobridge.schema.Float32Tensors.vector(spot));
        send(a);
        var reviewsIn = driver.createInputTopic(topics.reviews(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        io.ontobridge.schema.Review review = io.ontobridge.schema.Review.newBuilder().setSampleId("a").setConcept("c")
                .setTarget(TestRecords.TARGET).setProbeVersion(3).setVerdict(io.ontobridge.schema.Verdict.PROBE_WRONG)
                .setReviewer("ann").setReviewedAt(java.time.Instant.EPOCH).build();
        reviewsIn.pipeInput("a", serdes.forType(io.ontobridge.schema.Review.class).serializer().serialize(topics.reviews(), review));
        Score b = TestRecords.score("c", "b", 1.0, 2.0, 100, 0.5, "mapped");
        b.setActivations(io.ontobridge.schema.Float32Tensors.vector(new float[]{5.01f, 5, 5, 5, 5, 5, 5, 5}));
        send(b);

        var out = disagreements.readValuesToList();
        assertEquals(List.of("a", "b"), out.stream().map(Disagreement::getSampleId).toList());
        assertEquals(out.get(0).getGroup().getId(), out.get(1).getGroup().getId(), "b joins a's group");
        assertEquals(java.util.Map.of(), out.get(0).getGroup().getReviews());
        assertEquals(java.util.Map.of("PROBE_WRONG", 1), out.get(1).getGroup().getReviews());
    }

    @Test
    void undecodableScoresGoToTheDeadLetterTopic() {
        scores.pipeInput("k", new byte[]{9, 9});
        send(TestRecords.score("c", "large", 1.0, 1.5, 100, 0.2, "mapped"));
        DeadLetter letter = deadLetters.readValue();
        assertEquals("undecodable", letter.getErrorType());
        assertEquals("monitor", letter.getService());
        assertEquals(topics.scores(), letter.getSourceTopic());
        assertEquals(1, disagreements.readValuesToList().size());
    }
}
