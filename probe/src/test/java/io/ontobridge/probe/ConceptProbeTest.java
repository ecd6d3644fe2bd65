package io.ontobridge.probe;

import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.learn.ProbeLoss;
import io.ontobridge.probe.learn.ProbeSettings;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The concept probe on its own, fed as the trainer feeds it: predict, then update with that prediction. */
class ConceptProbeTest {
    private static final int DIM = 8;
    private static final IntFunction<Probe> NEW_PROBE = d -> Probes.linear(new ProbeSettings(d, 0.05, 8));

    /** Status thresholds: min held-out 30, Pearson 0.8, AUROC 0.85, selectivity 0.5, lift margin 0.05. */
    private static ProbeStatus status(ConceptProbe p) {
        return p.status(30, 0.8, 0.85, 0.5, 0.05);
    }

    /** A well-mixed hash of the sample's number, standing in for the trainer's murmur2 of the id. */
    private static int hash(int i) {
        int h = i * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** {@code n} samples x ~ N(0, I); every tenth held out; {@code input}: a baseline read-out, or none. */
    private static void feed(ConceptProbe p, long seed, int n, ToDoubleFunction<float[]> feature, boolean input) {
        feed(p, NEW_PROBE, seed, n, feature, input);
    }

    private static void feed(ConceptProbe p, IntFunction<Probe> newProbe, long seed, int n,
                             ToDoubleFunction<float[]> feature, boolean input) {
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            float[] x = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                x[d] = (float) r.nextGaussian();
            }
            double prediction = p.predict(x);
            Map<String, float[]> baselines = input ? Map.of("input", x.clone()) : Map.of();
            p.update(new ProbeUpdate(x, baselines, feature.applyAsDouble(x), prediction, i % 10 == 0, "world", null,
                    p.controlTarget(hash(i))), newProbe);
        }
    }

    private static double linear(float[] x) {
        return 2 * x[0] - x[3] + 0.5;
    }

    @Test
    void aLinearConceptIsMappedAndItsControlFindsNothing() {
        ConceptProbe p = ConceptProbe.create(DIM, NEW_PROBE, ProbeLoss.squared(), 100, null);
        feed(p, 1, 200, ConceptProbeTest::linear, false);
        assertEquals(ProbeStatus.WARMING_UP, status(p), "20 held-out samples, 30 needed");
        feed(p, 2, 1800, ConceptProbeTest::linear, false);
        assertEquals(2000, p.samplesSeen());
        assertEquals(200, p.fidelity().heldOutSeen());
        assertEquals(1800, p.trainedOn(), "held-out samples are never learned from");
        assertEquals(ProbeStatus.MAPPED, status(p));
        assertTrue(p.fidelity().heldOut().pearson() > 0.95, "held-out r " + p.fidelity().heldOut().pearson());
        assertTrue(p.control().r2() < 0.1, "control R^2 " + p.control().r2());
        assertTrue(p.control().r2() < 0, "this control does worse than the mean: " + p.control().r2());
        // ...and counts as 0: the selectivity is the probe's R^2 itself, never above it (it read 1.128 here).
        assertEquals(p.fidelity().heldOut().r2() - Math.max(0, p.control().r2()), p.selectivity(), 1e-12);
        assertTrue(p.selectivity() <= p.fidelity().heldOut().r2());
        assertTrue(Double.isNaN(p.lift()), "no baselines, no lift");
        assertEquals("linear", p.kind());
        assertTrue(p.residualThreshold(0.99, 30, false) > 0);
        assertTrue(p.fidelity().residualScale() > 0 && p.fidelity().residualScale() < 1);
        assertEquals(100, p.fidelity().heldOutByMode().get("world").size(), "the mode's window, full");
    }

    @Test
    void aFeatureTheActivationsDoNotCarryIsLost() {
        ConceptProbe p = ConceptProbe.create(DIM, NEW_PROBE, ProbeLoss.squared(), 100, null);
        Random noise = new Random(9);
        feed(p, 3, 1500, x -> noise.nextGaussian(), false);
        assertEquals(ProbeStatus.LOST, status(p));
        assertTrue(p.selectivity() < 0.2, "selectivity " + p.selectivity());
    }

    @Test
    void aConceptTheTargetMeansOtherwiseOnAFewInputsIsPartlyMappedNotLost() {
        // On 8% of inputs (|x[1]| > 1.75, which no linear read-out separates) the source's value is 12 units off.
        ConceptProbe p = ConceptProbe.create(DIM, NEW_PROBE, ProbeLoss.squared(), 200, null);
        feed(p, 11, 4000, x -> linear(x) + (Math.abs(x[1]) > 1.75 ? 12 : 0), false);
        assertTrue(p.fidelity().heldOut().pearson() < 0.8, "the whole window fails: r " + p.fidelity().heldOut().pearson());
        assertTrue(p.fidelity().heldOut().bulk(0.1).pearson() >= 0.8, "the bulk passes: r "
                + p.fidelity().heldOut().bulk(0.1).pearson());
        assertEquals(ProbeStatus.PARTLY_MAPPED, status(p));
        assertTrue(status(p).isMapped(), "the monitor judges it");
        // Noise the activations do not carry stays lost: setting a tenth aside does not rescue it.
        ConceptProbe noise = ConceptProbe.create(DIM, NEW_PROBE, ProbeLoss.squared(), 200, null);
        Random r = new Random(12);
        feed(noise, 13, 4000, x -> linear(x) + 3 * r.nextGaussian(), false);
        assertEquals(ProbeStatus.LOST, status(noise));
    }

    @Test
    void samplesDrawnNearADisagreementAreJudgedButNeverLearnedFrom() {
        ConceptProbe p = ConceptProbe.create(DIM, NEW_PROBE, ProbeLoss.squared(), 100, null);
        feed(p, 14, 1000, ConceptProbeTest::linear, false);
        long trained = p.trainedOn();
        int heldOut = p.fidelity().heldOut().size();
        float[] x = new float[DIM];
        for (int i = 0; i < 50; i++) {
            x[0] = i / 10f;
            p.update(new ProbeUpdate(x.clone(), Map.of(), 100.0, p.predict(x), i % 2 == 0, ConceptProbe.REQUESTED, null,
                    null), NEW_PROBE);
        }
        assertEquals(trained, p.trainedOn(), "not learned from");
        assertEquals(heldOut, p.fidelity().heldOut().size(), "not in the window the status and threshold read");
        assertEquals(50, p.fidelity().heldOutByMode().get(ConceptProbe.REQUESTED).size(), "in their mode's window");
        assertEquals(1050, p.samplesSeen());
    }

    @Test
    void aBaselineThatReadsTheConceptAsWellMakesItInputDecodable() {
        ConceptProbe p = ConceptProbe.create(DIM, NEW_PROBE, ProbeLoss.squared(), 100, null);
        feed(p, 4, 1500, ConceptProbeTest::linear, true);
        assertEquals(DIM, p.baselineDimension("input"));
        assertEquals(-1, p.baselineDimension("other"));
        assertTrue(Math.abs(p.lift()) < 0.05, "the input reads it as well: lift " + p.lift());
        assertEquals(ProbeStatus.MAPPED_BUT_INPUT_DECODABLE, status(p));
        assertTrue(status(p).isMapped());
    }

    @Test
    void theControlTargetIsAPooledFeatureValueOnceEnoughArePooled() {
        ConceptProbe p = ConceptProbe.create(DIM, NEW_PROBE, ProbeLoss.squared(), 100, null);
        float[] x = new float[DIM];
        for (int i = 0; i < ControlTask.MIN_POOL; i++) {
            assertNull(p.controlTarget(hash(i)), "not before " + ControlTask.MIN_POOL + " values are pooled");
            p.update(new ProbeUpdate(x, Map.of(), 100 + i, 0, false, "", null, null), NEW_PROBE);
        }
        for (int h : new int[]{0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 12345}) {
            Double target = p.controlTarget(h);
            assertNotNull(target);
            assertTrue(target >= 100 && target < 100 + ControlTask.MIN_POOL && target == Math.rint(target), "" + target);
        }
        assertEquals(p.controlTarget(777), p.controlTarget(777), "the same hash, the same draw");
    }

    @Test
    void itsStateRoundTripsAndARestoredProbeGoesOnBitForBit() {
        ProbeLoss loss = ProbeLoss.logistic(0.5, 1, 2);
        IntFunction<Probe> logistic = d -> Probes.linear(new ProbeSettings(d, 0.05, 8), loss);
        ConceptProbe a = ConceptProbe.create(DIM, logistic, loss, 50, "truth");
        feed(a, logistic, 5, 700, ConceptProbeTest::linear, true);
        a.applyReview("PROBE_WRONG", new float[DIM], 3.0, 3);
        StateWriter out = new StateWriter("concept probe", 0);
        a.write(out);
        byte[] bytes = out.toByteArray();
        ConceptProbe b = StateReader.read(bytes, "concept probe", in -> ConceptProbe.read(in, true));
        StateWriter again = new StateWriter("concept probe", 0);
        b.write(again);
        assertArrayEquals(bytes, again.toByteArray());
        feed(a, logistic, 6, 300, ConceptProbeTest::linear, true);
        feed(b, logistic, 6, 300, ConceptProbeTest::linear, true);
        StateWriter left = new StateWriter("concept probe", 0);
        StateWriter right = new StateWriter("concept probe", 0);
        a.write(left);
        b.write(right);
        assertArrayEquals(left.toByteArray(), right.toByteArray());
        assertEquals(Map.of("PROBE_WRONG", 1L), b.reviewsApplied());
        assertEquals("logistic", b.kind());
        assertEquals("truth", b.factor());
        assertEquals(0.5, b.residualThreshold(0.99, 30, false), "a binarized concept's decision boundary");
    }

    @Test
    void aWarmStartCopiesTheProbeButNotWhatIsKnownAboutIt() {
        ConceptProbe a = ConceptProbe.create(DIM, NEW_PROBE, ProbeLoss.squared(), 100, null);
        feed(a, 7, 1000, ConceptProbeTest::linear, true);
        ConceptProbe b = a.warmStarted(NEW_PROBE);
        float[] x = {1, 0, 0, 1, 0, 0, 0, 0};
        assertEquals(a.predict(x), b.predict(x), "the same weights and standardization");
        assertEquals(a.trainedOn(), b.trainedOn());
        assertEquals(0, b.samplesSeen());
        assertEquals(0, b.fidelity().heldOut().size());
        assertTrue(b.baselines().isEmpty());
        assertEquals(ProbeStatus.WARMING_UP, status(b));
        feed(b, 8, 10, ConceptProbeTest::linear, false);
        assertNotEquals(a.trainedOn(), b.trainedOn());
    }
}
