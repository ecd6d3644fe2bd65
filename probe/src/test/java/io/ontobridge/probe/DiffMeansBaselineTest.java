package io.ontobridge.probe;

import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.learn.ProbeLoss;
import io.ontobridge.probe.learn.ProbeSettings;
import io.ontobridge.probe.metrics.PrequentialCode;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The closed-form difference-of-means read-out, and the code lengths that set the probe beside its control and
 * baselines.
 */
class DiffMeansBaselineTest {
    private static final int DIM = 12;
    private static final IntFunction<Probe> NEW_PROBE = d -> Probes.linear(new ProbeSettings(d, 0.05, 8));

    /** Isotropic activations; the feature 3 x0 - 2 x5 + noise, far from 0 (the fit must not care where). */
    private static float[] isotropic(Random r) {
        float[] x = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            x[d] = (float) (5 + r.nextGaussian());
        }
        return x;
    }

    private static double feature(float[] x, Random r) {
        return 100 + 3 * x[0] - 2 * x[5] + 0.3 * r.nextGaussian();
    }

    @Test
    void onIsotropicActivationsTheDirectionOfTheMeansReadsALinearConcept() {
        DiffMeansBaseline d = new DiffMeansBaseline(DIM, false, 100); // the last 1000 samples' held-out ones
        Random r = new Random(1);
        for (int i = 0; i < 3000; i++) {
            float[] x = isotropic(r);
            double y = feature(x, r);
            if (i % 10 == 0) {
                d.heldOut(x, y);
            } else {
                d.learn(x, y);
            }
        }
        // E[x | y high] - E[x | y low] is along Cov(x, y) = (3, 0, 0, 0, 0, -2, ...): the concept's own direction.
        assertTrue(d.heldOutWindow().pearson() > 0.98, "r " + d.heldOutWindow().pearson());
        assertTrue(d.heldOutWindow().r2() > 0.95, "calibrated by its least-squares fit: R^2 " + d.heldOutWindow().r2());
    }

    @Test
    void aBinarizedConceptGetsAProbabilityThatRanksTheLabels() {
        DiffMeansBaseline d = new DiffMeansBaseline(DIM, true, 100);
        Random r = new Random(2);
        for (int i = 0; i < 3000; i++) {
            float[] x = isotropic(r);
            int label = x[2] - 5 + 0.1 * r.nextGaussian() >= 0 ? 1 : 0;
            double p = d.predict(x);
            assertTrue(p >= 0 && p <= 1, "a probability: " + p);
            if (i % 10 == 0) {
                d.heldOut(x, label);
            } else {
                d.learn(x, label);
            }
        }
        assertTrue(d.heldOutWindow().auroc() > 0.95, "AUROC " + d.heldOutWindow().auroc());
    }

    @Test
    void itsStateRoundTripsAndARestoredOneGoesOnBitForBit() {
        DiffMeansBaseline a = new DiffMeansBaseline(DIM, false, 50);
        Random r = new Random(3);
        for (int i = 0; i < 400; i++) {
            float[] x = isotropic(r);
            a.learn(x, feature(x, r));
            if (i % 7 == 0) {
                a.heldOut(x, feature(x, r));
            }
        }
        StateWriter out = new StateWriter("difference of means", 0);
        a.write(out);
        byte[] bytes = out.toByteArray();
        DiffMeansBaseline b = StateReader.read(bytes, "difference of means", in -> DiffMeansBaseline.read(in, 50));
        StateWriter again = new StateWriter("difference of means", 0);
        b.write(again);
        assertArrayEquals(bytes, again.toByteArray());
        float[] x = isotropic(r);
        a.learn(x, 101);
        b.learn(x, 101);
        float[] probe = isotropic(r);
        assertEquals(a.predict(probe), b.predict(probe), 0.0);
    }

    /** Feeds a concept probe as the trainer does, with the activations themselves as the one baseline read-out. */
    private static void feed(ConceptProbe p, Random r, int n, boolean correlated) {
        for (int i = 0; i < n; i++) {
            float[] x = new float[DIM];
            double shared = r.nextGaussian();
            for (int k = 0; k < DIM; k++) {
                // Correlated: every unit carries one shared signal 3 times its own noise (a direction that
                // dominates the activations' variance); the feature contrasts two units, so it lies across it.
                x[k] = (float) (correlated ? 3 * shared + r.nextGaussian() : r.nextGaussian());
            }
            double y = x[0] - x[1] + 0.1 * r.nextGaussian();
            double prediction = p.predict(x);
            int hash = i * 0x9E3779B9;
            p.update(new ProbeUpdate(x, Map.of("input", x.clone()), y, prediction, i % 10 == 0, "world", null,
                    p.controlTarget(hash ^ (hash >>> 16))), NEW_PROBE);
        }
    }

    @Test
    void theCodeLengthsSetTheProbeBesideItsControlAndBaselinesOverTheSameSamples() {
        ConceptProbe p = ConceptProbe.create(DIM, NEW_PROBE, ProbeLoss.squared(), 200, null);
        feed(p, new Random(4), 4000, false);
        CodeLengths codes = p.codeLengths();
        double eps = codes.precision();
        long n = codes.probe().n();
        assertTrue(n > 3500, "learned samples coded: " + n);
        assertEquals(n, codes.control().n(), "the same samples");
        assertEquals(n, codes.diffMeans().n());
        assertEquals(n, codes.baselines().get("input").n());
        double probe = compression(codes.probe(), eps);
        double control = compression(codes.control(), eps);
        System.out.printf(java.util.Locale.ROOT, "compression over %d samples: probe %.3f, control %.3f, input %.3f, "
                + "difference of means %.3f%n", n, probe, control, compression(codes.baselines().get("input"), eps),
                compression(codes.diffMeans(), eps));
        // Residual SD about 0.1 of a feature SD 1.4: the marginal costs about log2(14) = 3.8 bits a sample more.
        assertTrue(probe > 1.3, "the probe compresses: " + probe);
        assertTrue(control < 1.02, "its control, on the values permuted, does not: " + control);
        assertEquals(probe, compression(codes.baselines().get("input"), eps), 0.05,
                "the input baseline sees the very same activations");
        assertTrue(compression(codes.diffMeans(), eps) > 1.3, "isotropic noise: the direction of the means is as good");
    }

    @Test
    void whereTheActivationsNoiseIsCorrelatedTheProbeBeatsTheDirectionOfTheMeans() {
        ConceptProbe p = ConceptProbe.create(DIM, NEW_PROBE, ProbeLoss.squared(), 300, null);
        feed(p, new Random(5), 6000, true);
        double probe = p.fidelity().heldOut().r2();
        double diffMeans = p.diffMeans().heldOutWindow().r2();
        System.out.printf(java.util.Locale.ROOT, "correlated noise: held-out R^2 probe %.3f, difference of means %.3f%n",
                probe, diffMeans);
        // The means differ along Cov(x, y), which the shared signal bends away from the concept's own direction.
        assertTrue(probe > 0.9, "probe R^2 " + probe);
        assertTrue(diffMeans < probe - 0.1, "difference of means R^2 " + diffMeans + " vs probe " + probe);
        double eps = p.codeLengths().precision();
        assertTrue(p.codeLengths().diffMeans().bits(eps) > p.codeLengths().probe().bits(eps),
                "and a longer code");
    }

    private static double compression(PrequentialCode code, double eps) {
        return code.marginalBits(eps) / code.bits(eps);
    }
}
