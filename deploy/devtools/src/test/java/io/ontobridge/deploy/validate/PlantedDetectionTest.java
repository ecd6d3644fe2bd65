package io.ontobridge.deploy.validate;

import io.ontobridge.deploy.demo.RunTally.Scored;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.DisagreementGroup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlantedDetectionTest {
    /** The region: "size" of 8 and up. */
    private static final Predicate<Map<String, Double>> LARGE = factors -> factors.getOrDefault("size", 0.0) >= 8;
    private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");

    @Test
    void aurocIsTheChanceThatAPositiveOutranksANegativeWithTiesHalf() {
        assertEquals(1.0, PlantedDetection.auroc(List.of(3.0, 4.0), List.of(1.0, 2.0)));
        assertEquals(0.0, PlantedDetection.auroc(List.of(1.0), List.of(2.0, 3.0)));
        assertEquals(0.5, PlantedDetection.auroc(List.of(2.0), List.of(2.0)));
        // 3 beats 1 and 2, 1.5 beats only 1: 3 of 4 pairs
        assertEquals(0.75, PlantedDetection.auroc(List.of(3.0, 1.5), List.of(1.0, 2.0)));
        assertTrue(Double.isNaN(PlantedDetection.auroc(List.of(), List.of(1.0))));
    }

    @Test
    void theAurocsStandardErrorShrinksWithTheSamples() {
        // Hanley and McNeil's table: A 0.8 from 50 and 50 has a standard error of about 0.044
        assertEquals(0.044, PlantedDetection.aurocStandardError(0.8, 50, 50), 0.001);
        assertTrue(PlantedDetection.aurocStandardError(0.8, 500, 500) < 0.015);
        assertTrue(Double.isNaN(PlantedDetection.aurocStandardError(0.8, 0, 50)));
    }

    @Test
    void figuresCountTheRegionAgainstTheRestFromScoresAndDisagreements() {
        List<Scored> scores = new ArrayList<>();
        // 10 samples: 0-7 small (residual 0.1), 8-9 large (residual 1.0); one decoded image without truth.
        for (int i = 0; i < 10; i++) {
            double size = i < 8 ? 5 : 9;
            scores.add(new Scored("s" + i, i < 8 ? 0.1 : 1.0, 0, true, "world", Map.of("size", size), T0.plusSeconds(i)));
        }
        scores.add(new Scored("decoded", 5, 0, true, "decoder", Map.of(), T0.plusSeconds(10)));
        scores.add(scores.get(9)); // a record read twice counts once
        List<Disagreement> found = List.of(
                disagreement("s3", 5, 7), // a false alarm, alone in group 7
                disagreement("s8", 9, 1), disagreement("s9", 9, 1),
                disagreement("decoded", null, 2));

        PlantedDetection figures = PlantedDetection.measure(scores, found, LARGE, 0);

        assertEquals(11, figures.samples());
        assertEquals(10, figures.withTruth());
        assertEquals(2, figures.inRegion());
        assertEquals(1.0, figures.aurocAbsResidual(), "every large sample's residual exceeds every small one's");
        assertEquals(4, figures.disagreements());
        assertEquals(2, figures.disagreementsInRegion());
        assertEquals((2 / 4.0) / (2 / 10.0), figures.attentionLift(), 1e-12, "half the records from a fifth of the samples");
        assertEquals(1000.0 * 4 / 11, figures.disagreementsPer1000(), 1e-9);
        assertEquals(3, figures.groups());
        assertEquals(1, figures.groupsHitting(), "group 1 only; the decoded image's group has no truth");
        assertEquals(1 / 3.0, figures.groupPrecision(), 1e-12);
        assertEquals(1.0, figures.groupRecall(), "both of the region's records are in group 1");
        assertEquals(9, figures.samplesToFirstDetection(), "s8 is the ninth sample scored");
        assertEquals(1000.0 * 3 / 10, figures.worldDisagreementsPer1000(), 1e-9, "s3, s8, s9 of the 10 world draws");
    }

    @Test
    void scenesDrawnNearADisagreementCountAsFoundButNotAsTheWorldsSample() {
        List<Scored> scores = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double size = i < 8 ? 5 : 9;
            scores.add(new Scored("s" + i, i < 8 ? 0.1 : 1.0, 0, true, "world", Map.of("size", size), T0.plusSeconds(i)));
        }
        // Ten scenes requested near s8, in the region, with small residuals: not the world's region share, nor
        // its AUROC's positives; their one disagreement is the monitor's, though.
        for (int i = 0; i < 10; i++) {
            scores.add(new Scored("r" + i, 0.05, 0, true, "requested", Map.of("size", 9.0), T0.plusSeconds(20 + i)));
        }
        PlantedDetection figures = PlantedDetection.measure(scores, List.of(disagreement("s8", 9, 1),
                disagreement("r0", 9, 1)), LARGE, 0);
        assertEquals(10, figures.withTruth());
        assertEquals(2, figures.inRegion());
        assertEquals(1.0, figures.aurocAbsResidual());
        assertEquals(2, figures.disagreementsInRegion());
        assertEquals(100.0, figures.worldDisagreementsPer1000(), 1e-9, "s8 alone of the world's 10");
    }

    @Test
    void theConditionalAurocJudgesAResidualAgainstSamplesWithASimilarSourceValue() {
        // High source values have large ordinary errors (1.0), low ones small (0.1); the region is low-valued
        // samples with an error of 0.5: globally it sits below the high samples' errors, within its decile it
        // stands out.
        List<Scored> scores = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean high = i % 2 == 0;
            boolean region = !high && i % 10 == 1;
            double feature = high ? 5 + i * 1e-3 : i * 1e-3;
            double error = region ? 0.5 : high ? (i % 4 == 0 ? 1.0 : -1.0) : (i % 4 == 1 ? 0.1 : -0.1);
            scores.add(new Scored("s" + i, feature, feature - error, i % 3 == 0, "world", Map.of("size", region ? 9.0 : 5.0),
                    T0.plusSeconds(i)));
        }
        PlantedDetection figures = PlantedDetection.measure(scores, List.of(), LARGE, 0);
        assertTrue(figures.aurocAbsResidual() < 0.6, "globally the region hides: " + figures.aurocAbsResidual());
        assertTrue(figures.aurocConditional() > 0.95, "by decile it does not: " + figures.aurocConditional());
    }

    @Test
    void onAControlThereIsNoRegionAndEveryDisagreementIsAFalseAlarm() {
        List<Scored> scores = List.of(new Scored("a", 1, 0, true, "world", Map.of("size", 5.0), T0),
                new Scored("b", 0, 0, true, "world", Map.of("size", 9.0), T0.plusSeconds(1)));
        PlantedDetection figures = PlantedDetection.measure(scores, List.of(disagreement("a", 5, 1)), f -> false);
        assertEquals(0, figures.inRegion());
        assertTrue(Double.isNaN(figures.aurocAbsResidual()));
        assertTrue(Double.isNaN(figures.attentionLift()));
        assertEquals(500.0, figures.disagreementsPer1000(), 1e-9);
        assertEquals(-1, figures.samplesToFirstDetection());
    }

    private static Disagreement disagreement(String sampleId, Integer size, long group) {
        Disagreement d = new Disagreement();
        d.setSampleId(sampleId);
        d.setFactors(size == null ? Map.of() : Map.of("size", (double) size));
        DisagreementGroup g = new DisagreementGroup();
        g.setId(group);
        d.setGroup(g);
        return d;
    }
}
