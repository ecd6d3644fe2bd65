package io.ontobridge.probe;

import io.ontobridge.probe.GoldenData.Expected;
import io.ontobridge.probe.learn.MlpProbe;
import io.ontobridge.probe.learn.MlpSettings;
import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.learn.ProbeLoss;
import io.ontobridge.probe.learn.ProbeSettings;
import io.ontobridge.probe.learn.RunningStats;
import io.ontobridge.probe.metrics.FidelityWindow;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The probe library's persisted structures as the code before the library was cut out of the trainer wrote them
 * ({@code state-before-recut/}, written by the trainer's WriteGoldenStates, a throwaway test in the commit that
 * added them, when the probes still ran their Adam steps in DJL): each restores, writes back the very same bytes
 * and gives the same values; a restored probe learns on within float rounding of what the old code learned. The
 * linear regression probes were LinearProbes then (format OBLP); they restore as MlpProbes without hidden layers.
 * (The concept probe's state is the body of the trainer's tracked-probe state: checked there.)
 */
class GoldenProbeStatesTest {
    static final int DIM = 8;
    /** How far a probe that learns on past its golden state may drift from the old code's (relative). */
    static final double LEARN_ON_TOLERANCE = 1e-4;
    /**
     * How far a probe made afresh may drift from the old code's (relative). Looser: after the first mini-batch the
     * target is standardized with that batch's own mean, so the bias's first gradient is a sum that cancels to
     * rounding noise, and Adam's first step moves the bias by the full learning rate in that noise's direction (in
     * the old code as in the new); a zero-started linear probe carries that kick on. Measured: 1.1e-3 at most.
     */
    static final double FRESH_TOLERANCE = 1e-2;

    // ---------------------------------------------------------------- probes

    /** The golden probes: name and the target they learn. */
    static final Map<String, ToDoubleFunction<float[]>> PROBES = Map.of(
            "linear-probe", GoldenData::linearTarget,
            "linear-probe-plain", GoldenData::linearTarget,
            "logistic-probe", GoldenData::linearTarget,
            "mlp-squared", GoldenData::linearTarget,
            "mlp-logistic", GoldenData::xorTarget);

    @Test
    void probesRestoreWriteTheSameBytesPredictTheSameAndLearnOn() {
        for (var entry : new TreeMap<>(PROBES).entrySet()) {
            String name = entry.getKey();
            byte[] state = GoldenData.state(name + ".state");
            Probe probe = Probe.fromBytes(state);
            assertArrayEquals(state, probe.toBytes(), name + " writes back the same bytes");
            Expected actual = new Expected();
            describeProbe(actual, "", probe);
            learnOn(probe, entry.getValue());
            describeProbe(actual, "after.", probe);
            double drift = GoldenData.assertMatches(GoldenData.expected(name + ".expected"), actual, LEARN_ON_TOLERANCE);
            System.out.printf(Locale.ROOT, "%s: restored exactly; after 200 more samples the largest relative "
                    + "difference from the old code is %.3g%n", name, drift);
        }
    }

    /** The golden probes as they were made, before they learned (the linear regression ones were LinearProbes). */
    static Probe fresh(String name) {
        return switch (name) {
            case "linear-probe" -> Probes.linear(ProbeSettings.defaults(DIM).withL2(1e-4));
            case "linear-probe-plain" -> Probes.linear(ProbeSettings.defaults(DIM).withAveraging(0).withBatchSize(16)
                    .withStepsPerBatch(2));
            case "logistic-probe" -> Probes.logistic(DIM, ProbeLoss.logistic(0.5, 1, 3));
            case "mlp-squared" -> {
                MlpSettings sq = MlpSettings.defaults(DIM, List.of(6, 4), ProbeLoss.squared());
                yield MlpProbe.create(sq.withBase(sq.base().withL2(1e-4).withStepsPerBatch(2)));
            }
            case "mlp-logistic" -> {
                MlpSettings lg = MlpSettings.defaults(DIM, List.of(6), ProbeLoss.logistic(0, 2, 1));
                yield MlpProbe.create(lg.withBase(lg.base().withAveraging(0)));
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Made afresh and fed the same samples, each probe learns what the old code's did, within float rounding. */
    @Test
    void probesMadeAfreshLearnWhatTheOldCodeLearned() {
        for (var entry : new TreeMap<>(PROBES).entrySet()) {
            String name = entry.getKey();
            Probe probe = fresh(name);
            learnGolden(probe, entry.getValue());
            Expected actual = new Expected();
            describeProbe(actual, "", probe);
            learnOn(probe, entry.getValue());
            describeProbe(actual, "after.", probe);
            double drift = GoldenData.assertMatches(GoldenData.expected(name + ".expected"), actual,
                    FRESH_TOLERANCE, "");
            System.out.printf(Locale.ROOT, "%s made afresh: the largest relative difference from the old code is "
                    + "%.3g%n", name, drift);
        }
    }

    /** The samples the golden probes learned before they were saved. */
    static void learnGolden(Probe probe, ToDoubleFunction<float[]> target) {
        for (float[] x : GoldenData.vectors(11, 100, DIM)) {
            probe.learn(x, target.applyAsDouble(x));
        }
    }

    /** The samples a golden probe learns after it was saved. */
    static void learnOn(Probe probe, ToDoubleFunction<float[]> target) {
        for (float[] x : GoldenData.vectors(1234, 200, DIM)) {
            probe.learn(x, target.applyAsDouble(x));
        }
    }

    static void describeProbe(Expected e, String prefix, Probe probe) {
        float[][] inputs = GoldenData.vectors(999, 20, DIM);
        for (int i = 0; i < inputs.length; i++) {
            e.put(prefix + "predict." + i, probe.predict(inputs[i]));
        }
        e.put(prefix + "samples", probe.samplesLearned()).put(prefix + "steps", probe.steps())
                .put(prefix + "skipped", probe.skippedSteps());
        MlpProbe mlp = (MlpProbe) probe;
        e.put(prefix + "pending", mlp.pendingSamples());
        if (mlp.isLinear() && !mlp.loss().isLogistic()) {
            // The linear regression probe (once LinearProbe): its weights in input units go on snapshots.
            e.put(prefix + "bias", mlp.biasInInputUnits());
            float[] w = mlp.weightsInInputUnits();
            for (int i = 0; i < w.length; i++) {
                e.put(prefix + "weight." + i, w[i]);
            }
        }
    }

    @Test
    void runningStatsRestoreAndWriteTheSameBytes() {
        byte[] state = GoldenData.state("running-stats.state");
        RunningStats stats = StateReader.read(state, "running stats", in -> {
            RunningStats s = new RunningStats(DIM, 1e-6);
            s.read(in);
            return s;
        });
        StateWriter out = new StateWriter("running stats", 0);
        stats.write(out);
        assertArrayEquals(state, out.toByteArray());
        // The same samples give the same statistics, bit for bit.
        RunningStats fresh = new RunningStats(DIM, 1e-6);
        for (float[] x : GoldenData.vectors(11, 100, DIM)) {
            fresh.update(x, GoldenData.linearTarget(x));
        }
        StateWriter again = new StateWriter("running stats", 0);
        fresh.write(again);
        assertArrayEquals(state, again.toByteArray());
        Expected actual = new Expected();
        describeStats(actual, stats);
        GoldenData.assertMatches(GoldenData.expected("running-stats.expected"), actual, 0);
    }

    static void describeStats(Expected e, RunningStats stats) {
        e.put("count", stats.count()).put("meanY", stats.meanY()).put("yScale", stats.yScale());
        for (int i = 0; i < DIM; i++) {
            e.put("meanX." + i, stats.meanX(i)).put("invStd." + i, stats.invStd(i)).put("z." + i, stats.z(i, 2.5f));
        }
    }

    // ---------------------------------------------------------------- fidelity windows

    @Test
    void fidelityWindowsRestoreWriteTheSameBytesAndGiveTheSameFigures() {
        for (String name : List.of("fidelity-window", "fidelity-window-binary")) {
            byte[] state = GoldenData.state(name + ".state");
            FidelityWindow w = StateReader.read(state, "fidelity window", FidelityWindow::read);
            StateWriter out = new StateWriter("fidelity window", 0);
            w.write(out);
            assertArrayEquals(state, out.toByteArray(), name);
            StateWriter again = new StateWriter("fidelity window", 0);
            goldenWindow(name.endsWith("binary")).write(again);
            assertArrayEquals(state, again.toByteArray(), name + ": the same pairs give the same window");
            Expected actual = new Expected();
            describeWindow(actual, w, name.endsWith("binary"));
            GoldenData.assertMatches(GoldenData.expected(name + ".expected"), actual, 0);
        }
    }

    /** The golden windows: 30 pairs into 20 places (wrapped), and 10 probability/label pairs into 16. */
    static FidelityWindow goldenWindow(boolean binary) {
        FidelityWindow w = new FidelityWindow(binary ? 16 : 20);
        for (int i = 0; i < (binary ? 10 : 30); i++) {
            if (binary) {
                w.add(0.5 + 0.45 * Math.sin(i), i % 3 == 0 ? 1 : 0);
            } else {
                w.add(Math.sin(i), Math.sin(i) + 0.2 * Math.cos(5 * i));
            }
        }
        return w;
    }

    static void describeWindow(Expected e, FidelityWindow w, boolean binary) {
        e.put("size", w.size()).put("pearson", w.pearson()).put("r2", w.r2()).put("auroc", w.auroc())
                .put("quantile.9", w.absResidualQuantile(0.9)).put("quantile.5", w.absResidualQuantile(0.5));
        if (binary) {
            e.put("calibrationError", w.calibrationError());
        }
    }

    // ---------------------------------------------------------------- logged updates

    @Test
    void probeUpdatesRestoreAndWriteTheSameBytes() {
        byte[] first = GoldenData.state("probe-update-1.state");
        ProbeUpdate one = ProbeUpdate.fromBytes(first);
        assertArrayEquals(first, one.toBytes());
        assertArrayEquals(new float[]{1.25f, -3f, 7e-8f}, one.activations());
        assertEquals(List.of("input", "random_init"), List.copyOf(one.baselines().keySet()));
        assertArrayEquals(new float[]{0.5f, Float.MIN_VALUE}, one.baselines().get("input"));
        assertArrayEquals(new float[]{-1e30f}, one.baselines().get("random_init"));
        assertEquals(Math.PI, one.featureValue());
        assertEquals(-0.1, one.prediction());
        assertEquals(true, one.heldOut());
        assertEquals("world", one.mode());
        assertEquals(1.0, one.factorValue());
        assertNull(one.controlTarget());

        byte[] second = GoldenData.state("probe-update-2.state");
        ProbeUpdate two = ProbeUpdate.fromBytes(second);
        assertArrayEquals(second, two.toBytes());
        assertArrayEquals(GoldenData.vectors(61, 1, 5)[0], two.activations());
        assertEquals(Map.of(), two.baselines());
        assertEquals(-2.5, two.featureValue());
        assertEquals(0.75, two.prediction());
        assertEquals(false, two.heldOut());
        assertEquals("", two.mode());
        assertNull(two.factorValue());
        assertEquals(1.5, two.controlTarget());
    }
}
