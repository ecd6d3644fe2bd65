package io.ontobridge.probe.learn;

import io.ontobridge.probe.Probes;
import io.ontobridge.probe.learn.SyntheticRegression.Data;
import io.ontobridge.probe.metrics.BinaryMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static io.ontobridge.probe.learn.ConceptData.labels;
import static io.ontobridge.probe.learn.ConceptData.learnAll;
import static io.ontobridge.probe.learn.ConceptData.predictAll;
import static org.junit.jupiter.api.Assertions.*;

class LogisticProbeTest {

    /** Normal CDF (Abramowitz-Stegun 7.1.26 via erf), for the expected positive rates. */
    private static double phi(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429)))) * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /**
     * Noisy linear concept (feature u.x + 0.5 e, threshold 0) in d = 16, one pass over 3000 samples. The true
     * posterior is Phi(u.x / 0.5), so the Bayes rule at FP/(FP+FN) predicts positive when u.x >= 0.5 *
     * PhiInv(FP/(FP+FN)): expected positive rates 0.5 (equal costs), 0.686 (FN 5), 0.314 (FP 5).
     */
    @Test
    void costsMoveTheBoundaryAsBayesPredicts() {
        int dim = 16;
        ConceptData gen = ConceptData.linear(dim, 5, 0.5);
        Data train = gen.draw(3000);
        Data test = gen.draw(4000);
        int[] t = labels(test.y(), 0);
        double[][] costs = {{1, 1}, {1, 5}, {5, 1}}; // {FP, FN}
        double[] expected = {0.5, phi(0.5 * 0.9674), phi(-0.5 * 0.9674)}; // PhiInv(5/6) = 0.9674
        double[] rate = new double[3], recall = new double[3];
        for (int k = 0; k < 3; k++) {
            ProbeLoss loss = ProbeLoss.logistic(0, costs[k][0], costs[k][1]);
            MlpProbe p = Probes.logistic(dim, loss);
            learnAll(p, train, 1);
            double[] q = predictAll(p, test);
            double[] posterior = new double[q.length];
            for (int i = 0; i < q.length; i++) posterior[i] = loss.posterior(q[i]);
            rate[k] = BinaryMetrics.positiveRate(q, loss.decisionThreshold());
            recall[k] = BinaryMetrics.recall(q, t, loss.decisionThreshold());
            System.out.printf(Locale.ROOT, "logistic FP %.0f FN %.0f: predicted positive %.3f (Bayes %.3f) recall %.3f "
                            + "AUROC %.3f ECE of unweighted posterior %.3f, posterior threshold %.3f, steps %d%n",
                    costs[k][0], costs[k][1], rate[k], expected[k], recall[k], BinaryMetrics.auroc(q, t),
                    BinaryMetrics.expectedCalibrationError(posterior, t), loss.posteriorDecisionThreshold(), p.steps());
            assertEquals(expected[k], rate[k], 0.06, "positive rate near the Bayes rule's");
            // After one pass (93 steps) the averaged probe is still somewhat under-confident: ECE 0.06-0.09.
            assertTrue(BinaryMetrics.expectedCalibrationError(posterior, t) < 0.12, "roughly calibrated posterior");
        }
        assertTrue(rate[1] > rate[0] + 0.1 && recall[1] > recall[0], "FN >> FP: more positives, higher recall");
        assertTrue(rate[2] < rate[0] - 0.1 && recall[2] < recall[0], "FP >> FN: fewer positives, lower recall");
    }

    @Test
    void restoreMidBatchContinuesBitIdentically() {
        int dim = 64;
        ConceptData gen = ConceptData.linear(dim, 9, 0.3);
        Data data = gen.draw(1500);
        ProbeLoss loss = ProbeLoss.logistic(0.2, 2, 1);
        MlpProbe a = Probes.logistic(ProbeSettings.defaults(dim).withL2(1e-4), loss);
        MlpProbe b = null;
        for (int i = 0; i < data.size(); i++) {
            if (i == 517) {
                assertNotEquals(0, a.pendingSamples());
                byte[] snapshot = a.toBytes();
                Probe restored = Probe.fromBytes(snapshot);
                b = assertInstanceOf(MlpProbe.class, restored);
                assertArrayEquals(snapshot, b.toBytes());
                assertEquals(a.settings(), b.settings());
            }
            if (b != null) {
                assertEquals(a.predict(data.x()[i]), b.predict(data.x()[i]));
                b.learn(data.x()[i], data.y()[i]);
            }
            a.learn(data.x()[i], data.y()[i]);
        }
        assertEquals(a.steps(), b.steps());
        assertArrayEquals(a.toBytes(), b.toBytes());
    }

    @Test
    void rejectsNonFiniteInputAndNonLogisticLoss() {
        MlpProbe p = Probes.logistic(3, ProbeLoss.logistic(0));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, Float.NaN, 3}, 1));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, 2, 3}, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> p.predict(new float[] {Float.POSITIVE_INFINITY, 0, 0}));
        assertEquals(0, p.samplesLearned());
        assertEquals(0.5, p.predict(new float[] {1, 2, 3}));
        p.learn(new float[] {1, 2, 3}, 1e300); // a label only needs a finite value
        assertEquals(1, p.samplesLearned());
        assertThrows(IllegalArgumentException.class, () -> Probes.logistic(3, ProbeLoss.squared()));
    }

    @Test
    void lossThresholdsAndPosterior() {
        ProbeLoss l = ProbeLoss.logistic(0.3, 1, 4);
        assertEquals(0.5, l.decisionThreshold());
        assertEquals(0.2, l.posteriorDecisionThreshold(), 1e-12);
        assertEquals(1, l.label(0.3));
        assertEquals(0, l.label(0.2999));
        assertEquals(4.0, l.weight(1));
        assertEquals(1.0, l.weight(0));
        // q = FN p / (FN p + FP (1 - p)) and back; q = 0.5 exactly at p = FP/(FP+FN).
        for (double p : new double[] {0.01, 0.2, 0.5, 0.9}) {
            double q = 4 * p / (4 * p + (1 - p));
            assertEquals(p, l.posterior(q), 1e-12);
        }
        assertEquals(0.2, l.posterior(0.5), 1e-12);
        assertTrue(Double.isNaN(ProbeLoss.squared().decisionThreshold()));
        assertEquals(ProbeLoss.squared(), ProbeLoss.of("Squared", 1, 2, 3));
        assertEquals(ProbeLoss.logistic(1, 2, 3), ProbeLoss.of("logistic", 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> ProbeLoss.logistic(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ProbeLoss.logistic(Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ProbeLoss.of("hinge", 0, 1, 1));
        assertEquals(17, MlpProbe.create(Probes.logisticSettings(ProbeSettings.defaults(16), l)).parameterCount());
        assertEquals(List.of(), Probes.logistic(16, l).settings().hidden());
    }
}
