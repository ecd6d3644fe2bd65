package io.ontobridge.probe.learn;

import io.ontobridge.probe.Probes;
import io.ontobridge.probe.learn.SyntheticRegression.Data;
import io.ontobridge.probe.metrics.BinaryMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static io.ontobridge.probe.learn.ConceptData.labels;
import static io.ontobridge.probe.learn.ConceptData.learnAll;
import static io.ontobridge.probe.learn.ConceptData.predictAll;
import static org.junit.jupiter.api.Assertions.*;

class MlpProbeTest {

    /** One pass over 3000 samples of y = a.x + c + noise (scales 0.01..100 per dimension), held-out 500. */
    @ParameterizedTest
    @ValueSource(ints = {16, 64})
    void learnsLinearConceptInOnePass(int dim) {
        SyntheticRegression gen = new SyntheticRegression(dim, 7, 0);
        Data train = gen.draw(3000);
        Data test = gen.draw(500);
        MlpSettings s = MlpSettings.defaults(dim, List.of(64), ProbeLoss.squared());
        MlpProbe probe = MlpProbe.create(s);
        learnAll(probe, train, 1);
        double[] p = predictAll(probe, test);
        double r = SyntheticRegression.pearson(p, test.y()), r2 = SyntheticRegression.r2(p, test.y());
        System.out.printf(Locale.ROOT, "linear concept d %d, mlp [64] lr %.4f batch %d, 3000 samples one pass: "
                        + "held-out Pearson %.4f R2 %.4f (true model Pearson %.4f), steps %d skipped %d%n",
                dim, s.base().learningRate(), s.base().batchSize(), r, r2,
                SyntheticRegression.pearson(gen.truth(test), test.y()), probe.steps(), probe.skippedSteps());
        assertTrue(r >= 0.95, "Pearson " + r);
        assertEquals(3000, probe.samplesLearned());
        assertEquals(3000 / s.base().batchSize(), probe.steps());
        assertEquals(0, probe.skippedSteps());
    }

    /**
     * XOR over two orthogonal directions in d = 16 (concept present when sign(u.x) != sign(v.x); feature
     * -(u.x)(v.x), threshold 0), one pass over 3000 samples: the logistic (linear) probe cannot read it, the MLP can.
     */
    @Test
    void mlpReadsXorConceptThatLinearProbeCannot() {
        int dim = 16;
        ConceptData gen = ConceptData.xor(dim, 3);
        Data train = gen.draw(3000);
        Data test = gen.draw(1000);
        int[] t = labels(test.y(), 0);
        ProbeLoss loss = ProbeLoss.logistic(0);

        MlpProbe logistic = Probes.logistic(dim, loss);
        learnAll(logistic, train, 1);
        double aucLinear = BinaryMetrics.auroc(predictAll(logistic, test), t);

        MlpProbe mlp = MlpProbe.create(MlpSettings.defaults(dim, List.of(64), loss));
        learnAll(mlp, train, 1);
        double[] q = predictAll(mlp, test);
        double aucMlp = BinaryMetrics.auroc(q, t);

        MlpProbe deep = MlpProbe.create(MlpSettings.defaults(dim, List.of(64, 32), loss));
        learnAll(deep, train, 1);
        double aucDeep = BinaryMetrics.auroc(predictAll(deep, test), t);

        System.out.printf(Locale.ROOT, "xor concept d %d, 3000 samples one pass, held-out 1000: logistic AUROC %.3f | "
                        + "mlp [64] AUROC %.3f ECE %.3f | mlp [64,32] AUROC %.3f%n",
                dim, aucLinear, aucMlp, BinaryMetrics.expectedCalibrationError(q, t), aucDeep);
        assertTrue(aucLinear < 0.6, "logistic AUROC " + aucLinear);
        assertTrue(aucMlp > 0.9, "mlp AUROC " + aucMlp);
        assertTrue(aucDeep > 0.9, "mlp [64,32] AUROC " + aucDeep);
        assertEquals(0, mlp.skippedSteps());
    }

    /** Cost weights move the MLP's boundary: noisy linear concept, positive rate and recall at 0.5 on its output. */
    @Test
    void costsMoveTheBoundary() {
        int dim = 16;
        ConceptData gen = ConceptData.linear(dim, 5, 0.5);
        Data train = gen.draw(3000);
        Data test = gen.draw(2000);
        int[] t = labels(test.y(), 0);
        double[] rate = new double[3], recall = new double[3];
        double[][] costs = {{1, 1}, {1, 5}, {5, 1}}; // {FP, FN}
        for (int k = 0; k < 3; k++) {
            ProbeLoss loss = ProbeLoss.logistic(0, costs[k][0], costs[k][1]);
            MlpProbe p = MlpProbe.create(MlpSettings.defaults(dim, List.of(64), loss));
            learnAll(p, train, 1);
            double[] q = predictAll(p, test);
            rate[k] = BinaryMetrics.positiveRate(q, loss.decisionThreshold());
            recall[k] = BinaryMetrics.recall(q, t, loss.decisionThreshold());
            System.out.printf(Locale.ROOT, "mlp [64] FP %.0f FN %.0f: predicted positive %.3f recall %.3f "
                            + "precision %.3f AUROC %.3f (true positive rate %.3f)%n",
                    costs[k][0], costs[k][1], rate[k], recall[k],
                    BinaryMetrics.precision(q, t, 0.5), BinaryMetrics.auroc(q, t), Arrays.stream(t).average().orElse(0));
        }
        assertTrue(rate[1] > rate[0] + 0.05, "FN >> FP raises the positive rate");
        assertTrue(recall[1] > recall[0], "FN >> FP raises recall");
        assertTrue(rate[2] < rate[0] - 0.05, "FP >> FN lowers the positive rate");
        assertTrue(recall[2] < recall[0], "FP >> FN lowers recall");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.9})
    void restoreMidBatchContinuesBitIdentically(double averaging) {
        int dim = 48;
        ConceptData gen = ConceptData.xor(dim, 11);
        Data data = gen.draw(1000);
        Data probeSet = gen.draw(50);
        for (ProbeLoss loss : List.of(ProbeLoss.squared(), ProbeLoss.logistic(0, 1, 3))) {
            MlpSettings s = MlpSettings.defaults(dim, List.of(32, 16), loss);
            s = s.withBase(s.base().withAveraging(averaging).withL2(1e-4).withStepsPerBatch(2));
            MlpProbe a = MlpProbe.create(s);
            MlpProbe b = null;
            for (int i = 0; i < data.size(); i++) {
                if (i == 517) {
                    assertNotEquals(0, a.pendingSamples(), "snapshot must be taken mid-batch");
                    byte[] snapshot = a.toBytes();
                    b = MlpProbe.fromBytes(snapshot);
                    assertArrayEquals(snapshot, b.toBytes());
                    assertEquals(s, b.settings());
                }
                if (b != null) {
                    assertEquals(a.predict(data.x()[i]), b.predict(data.x()[i]));
                    b.learn(data.x()[i], data.y()[i]);
                }
                a.learn(data.x()[i], data.y()[i]);
            }
            for (float[] x : probeSet.x()) assertEquals(a.predict(x), b.predict(x));
            assertEquals(a.steps(), b.steps());
            assertEquals(a.samplesLearned(), b.samplesLearned());
            assertArrayEquals(a.toBytes(), b.toBytes());
            Probe c = Probe.fromBytes(a.toBytes());
            assertInstanceOf(MlpProbe.class, c);
            assertArrayEquals(a.toBytes(), c.toBytes());
            System.out.printf(Locale.ROOT, "mlp [32,16] %s averaging %.1f: state %d bytes, %d pending, %d steps%n",
                    loss.kind(), averaging, a.toBytes().length, a.pendingSamples(), a.steps());
        }
    }

    @Test
    void itsParametersPredictWhatTheProbePredicts() {
        int dim = 8;
        Data data = ConceptData.xor(dim, 4).draw(400);
        for (ProbeLoss loss : List.of(ProbeLoss.squared(), ProbeLoss.logistic(0))) {
            MlpProbe probe = MlpProbe.create(MlpSettings.defaults(dim, List.of(16, 8), loss));
            assertEquals(probe.predict(data.x()[0]), probe.parameters().predict(data.x()[0]), 1e-9, "untrained");
            learnAll(probe, data, 1);
            ProbeParameters parameters = probe.parameters();
            assertEquals(3, parameters.layers().size());
            assertEquals(dim * 16 + 16 + 16 * 8 + 8 + 8 + 1, parameters.count());
            for (float[] x : data.x()) {
                assertEquals(probe.predict(x), parameters.predict(x), 1e-4, loss.kind() + " on " + Arrays.toString(x));
            }
        }
    }

    @Test
    void sameSeedSameProbeOtherSeedOtherProbe() {
        int dim = 8;
        Data data = ConceptData.xor(dim, 2).draw(200);
        MlpSettings s = MlpSettings.defaults(dim, List.of(16), ProbeLoss.squared());
        MlpProbe a = MlpProbe.create(s), b = MlpProbe.create(s), c = MlpProbe.create(s.withSeed(99));
        learnAll(a, data, 1);
        learnAll(b, data, 1);
        learnAll(c, data, 1);
        assertArrayEquals(a.toBytes(), b.toBytes());
        assertNotEquals(a.predict(data.x()[0]), c.predict(data.x()[0]));
    }

    @Test
    void predictBeforeLearningIsNeutral() {
        MlpProbe sq = MlpProbe.create(MlpSettings.defaults(4, List.of(8), ProbeLoss.squared()));
        MlpProbe lg = MlpProbe.create(MlpSettings.defaults(4, List.of(8), ProbeLoss.logistic(0)));
        float[] x = {1, 2, 3, 4};
        assertEquals(0.0, sq.predict(x));
        assertEquals(0.5, lg.predict(x));
        assertEquals(0.0, MlpProbe.fromBytes(sq.toBytes()).predict(x));
    }

    @Test
    void rejectsNonFiniteAndMisshapenInput() {
        MlpProbe p = MlpProbe.create(MlpSettings.defaults(3, List.of(4), ProbeLoss.squared()));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, Float.NaN, 3}, 1));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, Float.NEGATIVE_INFINITY, 3}, 1));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, 2, 3}, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, 2, 3}, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, 2, 3}, 1e300));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, 2}, 1));
        assertThrows(IllegalArgumentException.class, () -> p.learn(null, 1));
        assertThrows(IllegalArgumentException.class, () -> p.predict(new float[] {Float.NaN, 0, 0}));
        assertEquals(0, p.samplesLearned());
        assertEquals(0, p.pendingSamples());
    }

    @Test
    void extremeInputsStayFinite() {
        MlpSettings s = MlpSettings.defaults(2, List.of(8), ProbeLoss.squared());
        MlpProbe p = MlpProbe.create(s.withBase(s.base().withBatchSize(4)));
        float big = Float.MAX_VALUE;
        p.learn(new float[] {-big, 1}, 1);
        p.learn(new float[] {-big, 2}, 2);
        p.learn(new float[] {-big, 3}, 3);
        p.learn(new float[] {big, 4}, 4);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 400; i++) {
            float x1 = (float) r.nextGaussian();
            p.learn(new float[] {(float) r.nextGaussian(), x1}, 3 * x1);
        }
        assertEquals(101, p.steps() + p.skippedSteps());
        assertTrue(Double.isFinite(p.predict(new float[] {0, 1})));
        assertTrue(Double.isFinite(p.predict(new float[] {big, -big})));
    }

    @Test
    void fromBytesRejectsForeignOrCorruptState() {
        byte[] good = MlpProbe.create(MlpSettings.defaults(4, List.of(8), ProbeLoss.logistic(1))).toBytes();
        assertThrows(IllegalArgumentException.class, () -> MlpProbe.fromBytes(new byte[] {1, 2, 3, 4, 5}));
        assertThrows(IllegalArgumentException.class, () -> MlpProbe.fromBytes(Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> MlpProbe.fromBytes(Arrays.copyOf(good, good.length + 1)));
        byte[] wrongVersion = good.clone();
        wrongVersion[4] = 99;
        assertThrows(IllegalArgumentException.class, () -> MlpProbe.fromBytes(wrongVersion));
        assertThrows(IllegalArgumentException.class, () -> Probe.fromBytes(new byte[] {0, 0, 0, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Probe.fromBytes(new byte[] {1}));
    }

    @Test
    void probeFromBytesDispatchesOnKind() {
        Probe lin = Probes.create("linear", 4, List.of(), ProbeLoss.squared());
        Probe log = Probes.create("linear", 4, List.of(), ProbeLoss.logistic(0.5, 1, 2));
        Probe mlp = Probes.create("mlp", 4, List.of(8, 4), ProbeLoss.squared());
        Data data = ConceptData.linear(4, 1, 0.1).draw(50);
        for (Probe p : List.of(lin, log, mlp)) {
            learnAll(p, data, 1);
            Probe q = Probe.fromBytes(p.toBytes());
            assertEquals(p.getClass(), q.getClass());
            assertArrayEquals(p.toBytes(), q.toBytes());
            assertEquals(p.predict(data.x()[0]), q.predict(data.x()[0]));
            assertEquals(50, q.samplesLearned());
        }
        assertThrows(IllegalArgumentException.class, () -> Probes.create("mlp", 4, List.of(), ProbeLoss.squared()));
        assertThrows(IllegalArgumentException.class, () -> Probes.create("tree", 4, List.of(), ProbeLoss.squared()));
    }

    /** Throughput of learn() at d = 384, hidden [64], default batch, including the DJL steps. Printed only. */
    @Test
    void measuresLearnThroughput() {
        int dim = 384;
        Data data = new SyntheticRegression(dim, 21, 32).draw(2048);
        MlpSettings s = MlpSettings.defaults(dim, List.of(64), ProbeLoss.squared());
        MlpProbe warm = MlpProbe.create(s);
        learnAll(warm, data, 1); // JIT and engine warm-up
        for (int round = 0; round < 2; round++) {
            MlpProbe p = MlpProbe.create(s);
            long t0 = System.nanoTime();
            learnAll(p, data, 2);
            long t1 = System.nanoTime();
            double sink = 0;
            for (int rep = 0; rep < 2; rep++) for (float[] x : data.x()) sink += p.predict(x);
            long t2 = System.nanoTime();
            int n = 2 * data.size();
            System.out.printf(Locale.ROOT, "mlp d %d [64] batch %d: %.0f learn()/s (%d samples, %d Adam steps, "
                            + "%.0f us/step incl. amortized), %.0f predict()/s [%s]%n",
                    dim, s.base().batchSize(), n / ((t1 - t0) / 1e9), n, p.steps(), (t1 - t0) / 1e3 / p.steps(),
                    n / ((t2 - t1) / 1e9), Double.isFinite(sink) ? "ok" : "nan");
        }
    }
}
