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
        assertEquals(1.0, RegionAurocs.auroc(List.of(3.0, 4.0), List.of(1.0, 2.0)));
        assertEquals(0.0, RegionAurocs.auroc(List.of(1.0), List.of(2.0, 3.0)));
        assertEquals(0.5, RegionAurocs.auroc(List.of(2.0), List.of(2.0)));
        // 3 beats 1 and 2, 1.5 beats only 1: 3 of 4 pairs
        assertEquals(0.75, RegionAurocs.auroc(List.of(3.0, 1.5), List.of(1.0, 2.0)));
        assertTrue(Double.isNaN(RegionAurocs.auroc(List.of(), List.of(1.0))));
    }

    @Test
    void theAurocsStandardErrorShrinksWithTheSamples() {
        // Hanley and McNeil's table: A 0.8 from 50 and 50 has a standard error of about 0.044
        assertEquals(0.044, RegionAurocs.standardError(0.8, 50, 50), 0.001);
        assertTrue(RegionAurocs.standardError(0.8, 500, 500) < 0.015);
        assertTrue(Double.isNaN(RegionAurocs.standardError(0.8, 0, 50)));
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

        PlantedDetection figures = PlantedDetection.measure(scores, found, LARGE, 2.0, 0);

        assertEquals(11, figures.counts().samples());
        assertEquals(10, figures.counts().worldDraws());
        assertEquals(2, figures.counts().inRegion());
        assertEquals(1.0, figures.detection().aurocAbsResidual(), "every large sample's residual exceeds every small one's");
        assertEquals(4, figures.attention().flagged());
        assertEquals(4, figures.attention().alerts(), "no record says it differs in degree only");
        assertEquals(2, figures.attention().alertsInRegion());
        assertEquals((2 / 3.0) / (2 / 10.0), figures.attention().lift(), 1e-12,
                "two of the three records with truth, from a fifth of the samples");
        assertEquals(1000.0 * 4 / 11, figures.falseAlarms().alertsPer1000(), 1e-9);
        assertEquals(3, figures.groups().groups());
        assertEquals(1, figures.groups().hitting(), "group 1 only; the decoded image's group has no truth");
        assertEquals(1 / 3.0, figures.groups().precision(), 1e-12);
        assertEquals(1.0, figures.groups().recall(), "both of the region's records are in group 1");
        assertEquals(9, figures.samplesToFirstDetection(), "s8 is the ninth sample scored");
        assertEquals(1000.0 * 3 / 10, figures.falseAlarms().flaggedPer1000World(), 1e-9, "s3, s8, s9 of the 10 world draws");
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
                disagreement("r0", 9, 1)), LARGE, 2.0, 0);
        assertEquals(10, figures.counts().worldDraws());
        assertEquals(2, figures.counts().inRegion());
        assertEquals(1.0, figures.detection().aurocAbsResidual());
        assertEquals(2, figures.attention().alertsInRegion());
        assertEquals(100.0, figures.falseAlarms().flaggedPer1000World(), 1e-9, "s8 alone of the world's 10");
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
        PlantedDetection figures = PlantedDetection.measure(scores, List.of(), LARGE, 2.0, 0);
        var d = figures.detection();
        assertTrue(d.aurocAbsResidual() < 0.6, "globally the region hides: " + d.aurocAbsResidual());
        assertTrue(d.aurocBySourceDecile() > 0.95, "by decile it does not: " + d.aurocBySourceDecile());
    }

    @Test
    void onAControlThereIsNoRegionAndEveryDisagreementIsAFalseAlarm() {
        List<Scored> scores = List.of(new Scored("a", 1, 0, true, "world", Map.of("size", 5.0), T0),
                new Scored("b", 0, 0, true, "world", Map.of("size", 9.0), T0.plusSeconds(1)));
        PlantedDetection figures = PlantedDetection.measure(scores, List.of(disagreement("a", 5, 1)), f -> false, 2.0);
        assertEquals(0, figures.counts().inRegion());
        assertTrue(Double.isNaN(figures.detection().aurocAbsResidual()));
        assertTrue(Double.isNaN(figures.attention().lift()));
        assertEquals(500.0, figures.falseAlarms().alertsPer1000(), 1e-9);
        assertEquals(-1, figures.samplesToFirstDetection());
    }

    @Test
    void aDifferenceInDegreeIsFlaggedButNoAlert() {
        List<Scored> scores = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            scores.add(new Scored("s" + i, 0, 0, true, "world", Map.of("size", i < 8 ? 5.0 : 9.0), T0.plusSeconds(i)));
        }
        Disagreement degree = disagreement("s1", 5, 1);
        degree.setSides("same");
        degree.setSize(1.5);
        degree.setGroup(null);
        Disagreement much = disagreement("s2", 5, 2);
        much.setSides("same");
        much.setSize(2.5);
        Disagreement crossing = disagreement("s9", 9, 3);
        crossing.setSides("opposite");
        crossing.setSize(1.1);
        PlantedDetection figures = PlantedDetection.measure(scores, List.of(degree, much, crossing), LARGE, 2.0, 0);
        assertEquals(3, figures.attention().flagged());
        assertEquals(2, figures.attention().alerts(), "1.5x on the same side is under the factor 2");
        assertEquals(300.0, figures.falseAlarms().flaggedPer1000World(), 1e-9);
        assertEquals(200.0, figures.falseAlarms().alertsPer1000World(), 1e-9);
        assertEquals(2, figures.groups().groups());
        assertEquals((1 / 2.0) / (2 / 10.0), figures.attention().lift(), 1e-12);
        assertEquals((1 / 3.0) / (2 / 10.0), figures.attention().flaggedLift(), 1e-12);
        assertEquals(10, figures.samplesToFirstDetection());
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
