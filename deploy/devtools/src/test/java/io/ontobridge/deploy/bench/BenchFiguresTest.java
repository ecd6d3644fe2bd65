package io.ontobridge.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.platform.concept.ProbeSpec;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.schema.Score;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's arithmetic on known inputs: ridge, the online/offline comparison, percentiles, throughput. */
class BenchFiguresTest {
    private static final ModelRef MODEL = new ModelRef("m", "1", "0".repeat(64), "l");

    private static Score score(int i, float[] x, double y, boolean heldOut, long scoredAtMs) {
        return Score.newBuilder().setSampleId("s-" + i).setConcept("c").setSource(MODEL).setTarget(MODEL)
                .setInput(SampleInput.newBuilder().setText("t").build()).setFeatureValue(y).setPrediction(0)
                .setActivations(Float32Tensors.vector(x)).setHeldOut(heldOut).setProbeVersion(1).setProbeTrainedOn(1)
                .setResidualScale(1).setProbeStatus("mapped").setResidualThreshold(1)
                .setCreatedAt(Instant.ofEpochMilli(0)).setScoredAt(Instant.ofEpochMilli(scoredAtMs)).build();
    }

    /** y = 3 x0 - 2 x2 + 1 + noise on 4 gaussian inputs. */
    private static List<Score> linearScores(int n, long seed) {
        Random random = new Random(seed);
        List<Score> scores = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[4];
            for (int d = 0; d < 4; d++) {
                x[d] = (float) random.nextGaussian();
            }
            scores.add(score(i, x, 3 * x[0] - 2 * x[2] + 1 + 0.1 * random.nextGaussian(), i % 10 == 0, i));
        }
        return scores;
    }

    /** A fixed linear function of the activations, as a probe's predictions. */
    private static java.util.function.ToDoubleFunction<float[]> linear(float[] weights, double bias) {
        return x -> {
            double sum = bias;
            for (int d = 0; d < x.length; d++) {
                sum += weights[d] * x[d];
            }
            return sum;
        };
    }

    @Test
    void ridgeRecoversAKnownLinearFunction() {
        List<Score> scores = linearScores(2000, 1);
        double[][] x = scores.stream().map(s -> {
            float[] v = Float32Tensors.values(s.getActivations());
            return new double[]{v[0], v[1], v[2], v[3]};
        }).toArray(double[][]::new);
        double[] y = scores.stream().mapToDouble(Score::getFeatureValue).toArray();
        double[] predicted = ProbeVsOffline.Ridge.fit(x, y, 1e-4).predict(new double[][]{{1, 0, 0, 0}, {0, 0, 1, 0}});
        assertEquals(4.0, predicted[0], 0.02);
        assertEquals(-1.0, predicted[1], 0.02);
    }

    @Test
    void theTrueFunctionMatchesTheOfflineOptimumAndAWorseOneFallsShort() {
        List<Score> scores = linearScores(3000, 2);
        ProbeVsOffline.Figures exact = ProbeVsOffline.compare(scores, linear(new float[]{3, 0, -2, 0}, 1));
        assertEquals(300, exact.heldOut());
        assertEquals(2700, exact.train());
        assertEquals(1.0, exact.ratio(), 0.002);
        ProbeVsOffline.Figures halfWay = ProbeVsOffline.compare(scores, linear(new float[]{3, 0, 0, 0}, 1));
        assertTrue(halfWay.ratio() < 0.9, "a probe missing one input: ratio " + halfWay.ratio());
    }

    @Test
    void theTrainersProbeRebuiltFromTheSpecComesCloseToRidgeInOnePass() {
        List<Score> scores = linearScores(5000, 3);
        ProbeVsOffline.Figures online = ProbeVsOffline.compare(scores, ProbeSpec.defaults());
        assertTrue(online.ratio() > 0.97 && online.ratio() <= 1.01, "ratio " + online.ratio());
        ProbeSpec logistic = new ProbeSpec(null, null, null, null, null, null, null, null, null, null, null,
                "logistic", 0.0, null, null, null, null);
        assertNull(ProbeVsOffline.compare(scores, logistic), "a binarized concept's optimum is not ridge");
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            values.add((double) i);
        }
        LatencyWatch.Percentiles p = LatencyWatch.Percentiles.of(values);
        assertEquals(100, p.p50());
        assertEquals(198, p.p99());
        assertEquals(200, p.max());
        assertEquals(0, LatencyWatch.Percentiles.of(List.of()).n());
    }

    @Test
    void sustainedThroughputLeavesOutTheFirstThird() {
        List<Score> scores = new ArrayList<>();
        // 300 slow samples (10 ms apart), then 600 fast ones (1 ms apart): the rate after the first third is 1000/s.
        for (int i = 0; i < 300; i++) {
            scores.add(score(i, new float[1], 0, false, i * 10L));
        }
        for (int i = 0; i < 600; i++) {
            scores.add(score(300 + i, new float[1], 0, false, 3000 + i));
        }
        assertEquals(1000, Bench.sustainedPerS(scores), 10);
    }

    @Test
    void theReportJudgesEachTarget() {
        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("pipeline_vs_raw", 0.9);
        result.putObject("latency_ms").putObject("sample_to_score").put("p99", 400);
        result.putObject("trainer_updates_per_s").put("linear", 25000);
        result.putObject("probe_vs_offline").put("ratio", 0.99);
        result.putObject("heap_limit_mb").put("trainer", 512);
        assertTrue(BenchReport.allTargetsMet(result));
        result.put("pipeline_vs_raw", 0.5);
        assertFalse(BenchReport.allTargetsMet(result));
        result.put("pipeline_vs_raw", 0.9);
        result.remove("probe_vs_offline");
        assertFalse(BenchReport.allTargetsMet(result), "a missing figure counts as missed");
    }
}
