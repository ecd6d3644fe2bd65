package io.ontobridge.streams.trainer;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ProbeSpec;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.ConceptStatus;
import io.ontobridge.schema.Score;
import io.ontobridge.streams.PlainAvroSerdes;
import io.ontobridge.streams.TestRecords;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
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
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer's drift watch through the topology: a probe that maps well, then a target that no longer carries the
 * concept on part of the inputs (as a checkpoint that lost it there would).
 */
class TrainerDriftTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;
    private static final int DIM = 8;
    private static final Set<String> MAPPED_OR_DRIFT = Set.of("mapped", "concept-drift");
    private final Topics topics = new Topics("t");
    private final PlainAvroSerdes serdes = new PlainAvroSerdes();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> activations;
    private TestOutputTopic<String, Score> scores;
    private TestOutputTopic<String, ConceptStatus> statuses;
    private int sent;

    /**
     * The shipped specs' probe figures (the default learning rate, held-out window 200, q 0.99), the monitor's
     * min_trained at 10. The watch starts at the second held-out window: 400 held-out samples, about 4000 scored.
     */
    static ConceptSpec spec() {
        return TrainerTopologyTest.spec(new ProbeSpec("linear", null, null, 10, 200, 100, 50, 0.8, 0.5, 0.05, null,
                null, null, null, null, null, null), null);
    }

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trainer-drift-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(TrainerTopology.build(spec(), topics, serdes), props);
        activations = driver.createInputTopic(topics.activations(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        scores = driver.createOutputTopic(topics.scores(), Serdes.String().deserializer(), serdes.forType(Score.class).deserializer());
        statuses = driver.createOutputTopic(topics.conceptStatus(), Serdes.String().deserializer(), serdes.forType(ConceptStatus.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /**
     * Sends {@code n} samples of y = 2 x0 - x3 + 0.5 + noise. With {@code lostAbove} set, the target no longer
     * carries the concept where y is above it: there x0 and x3 are fresh noise. {@code requested}: the share of
     * samples drawn near a disagreement, each one the probe cannot read.
     */
    private void send(int n, Random random, Double lostAbove, double requested) {
        for (int i = 0; i < n; i++) {
            float[] x = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                x[d] = (float) random.nextGaussian();
            }
            double y = 2 * x[0] - x[3] + 0.5 + 0.1 * random.nextGaussian();
            boolean near = random.nextDouble() < requested;
            if (near || (lostAbove != null && y > lostAbove)) {
                x[0] = (float) random.nextGaussian();
                x[3] = (float) random.nextGaussian();
            }
            String id = "s-" + sent++;
            ActivatedSample sample = near
                    ? TestRecords.activated("c", id, x, y, Map.of(), "requested", Map.of())
                    : TestRecords.activated("c", id, x, y);
            activations.pipeInput(ProbeKeys.of("c", TestRecords.TARGET),
                    serdes.forType(ActivatedSample.class).serializer().serialize(topics.activations(), sample));
        }
    }

    private List<ConceptStatus> drifts(List<ConceptStatus> records) {
        return records.stream().filter(s -> s.getStatus().equals("concept-drift")).toList();
    }

    @Test
    void aTargetThatLosesPartOfTheConceptIsFlaggedBeforeThePearsonLeavesMapped() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Metrics.addRegistry(meters);
        try {
            Random random = new Random(1);
            send(5000, random, null, 0);
            List<ConceptStatus> before = statuses.readValuesToList();
            assertEquals(List.of(), drifts(before));
            assertEquals("mapped", before.get(before.size() - 1).getStatus(), "mapped when the target changes");
            scores.readValuesToList();

            // The change: where the concept runs highest (one input in sixteen) the activations carry nothing of it.
            send(3000, random, 4.0, 0);
            List<ConceptStatus> after = statuses.readValuesToList();
            List<ConceptStatus> drifts = drifts(after);
            assertTrue(!drifts.isEmpty(), "no concept-drift among " + after);
            ConceptStatus drift = drifts.get(0);
            assertEquals("mapped", drift.getPreviousStatus());
            assertTrue(drift.getHeldOutPearson() >= 0.8, "the figures still said mapped: r " + drift.getHeldOutPearson());
            assertNotNull(drift.getDrift());
            assertTrue(drift.getDrift().getRateBefore() < 0.03, "before: " + drift.getDrift());
            assertTrue(drift.getDrift().getRateAfter() > 0.15, "after: " + drift.getDrift());
            assertTrue(drift.getDrift().getDetectedAtSample() > 5000
                    && drift.getDrift().getDetectedAtSample() <= 5000 + 300, "found soon: " + drift.getDrift());
            assertEquals(drift.getDrift().getDetectedAtSample(), drift.getSamplesSeen(), "announced at once");
            // Before (or without) the Pearson-based status leaving mapped.
            int firstDrift = after.indexOf(drift);
            for (int i = 0; i < firstDrift; i++) {
                assertTrue(MAPPED_OR_DRIFT.contains(after.get(i).getStatus()), "left mapped first: " + after);
            }

            // Scores carry it, and the monitor judges them (the rule's isMapped).
            List<Score> scored = scores.readValuesToList();
            Score later = scored.get((int) (drift.getSamplesSeen() - 5000) + 10);
            assertEquals("concept-drift", later.getProbeStatus());
            assertEquals(1.0, meters.get("ontobridge.probe.drift").tag("kind", "rise").counter().count());

            // It clears once the held-out window has turned over (200 held-out samples, about 2000 scored), or
            // sooner when the figures move: a later record follows from concept-drift.
            ConceptStatus next = after.stream().skip(firstDrift + 1).findFirst().orElseThrow();
            assertEquals("concept-drift", next.getPreviousStatus());
            assertNull(next.getDrift());
            assertTrue(next.getSamplesSeen() - drift.getSamplesSeen() <= 2600, "held for " + (next.getSamplesSeen()
                    - drift.getSamplesSeen()));
        } finally {
            Metrics.removeRegistry(meters);
        }
    }

    @Test
    void aSteadyStreamRaisesNone() {
        send(10_000, new Random(2), null, 0);
        List<ConceptStatus> records = statuses.readValuesToList();
        assertEquals(List.of(), drifts(records));
        assertEquals("mapped", records.get(records.size() - 1).getStatus());
        var watch = new ProbeStore(driver.getKeyValueStore(TrainerTopology.STORE), d -> null)
                .drift(ProbeKeys.of("c", TestRecords.TARGET));
        assertEquals(0, watch.rises());
        assertTrue(watch.width() > 0, "the watch was fed");
        assertTrue(watch.rate() < 0.05, "the flagged share: " + watch.rate());
    }

    @Test
    void samplesDrawnNearADisagreementAreLeftOut() {
        Random random = new Random(3);
        send(5000, random, null, 0);
        // A third of the samples now come from active sampling, each one the probe cannot read.
        send(3000, random, null, 0.3);
        List<ConceptStatus> records = statuses.readValuesToList();
        assertEquals(List.of(), drifts(records), "requested samples would have raised it: " + records);
        List<Score> requested = scores.readValuesToList().stream().skip(5000)
                .filter(s -> "requested".equals(s.getGeneratorMode())).toList();
        long flagged = requested.stream().filter(s -> Math.abs(s.getPrediction() - s.getFeatureValue())
                > s.getResidualThreshold()).count();
        assertTrue(flagged > requested.size() / 2, "the monitor flags most of them: " + flagged + " of " + requested.size());
        var watch = new ProbeStore(driver.getKeyValueStore(TrainerTopology.STORE), d -> null)
                .drift(ProbeKeys.of("c", TestRecords.TARGET));
        assertTrue(watch.rate() < 0.05, "the judged rate: " + watch.rate());
    }

    @Test
    void theDriftFieldIsOptionalSoOldAndNewReadersReadEachOther() {
        Schema current = ConceptStatus.getClassSchema();
        List<Schema.Field> without = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            if (!field.name().equals("drift")) {
                without.add(new Schema.Field(field, field.schema()));
            }
        }
        Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, without);
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType(), "new reader, old records");
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(old, current).getType(), "old reader, new records");
    }
}
