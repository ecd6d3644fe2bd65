package io.ontobridge.probe.learn;

import io.ontobridge.probe.Probes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import static io.ontobridge.probe.learn.SyntheticRegression.*;
import static org.junit.jupiter.api.Assertions.*;

/** The linear regression probe: an {@link MlpProbe} without hidden layers and with the squared loss. */
class LinearProbeTest {

    @ParameterizedTest
    @ValueSource(ints = {8, 384})
    void learnsKnownLinearModelInOnePass(int dim) {
        SyntheticRegression gen = new SyntheticRegression(dim, 7, 0);
        Data train = gen.draw(4000);
        Data test = gen.draw(500);
        ProbeSettings settings = ProbeSettings.defaults(dim);
        MlpProbe probe = Probes.linear(settings);
        for (int i = 0; i < train.size(); i++) probe.learn(train.x()[i], train.y()[i]);

        double[] p = predictAll(probe, test);
        ToDoubleFunction<float[]> ls = leastSquares(train, train.size(), 1e-6);
        double[] q = predictAll(ls, test);
        double pr = pearson(p, test.y()), r2 = r2(p, test.y());
        System.out.printf(Locale.ROOT,
                "dim %d lr %.4f: probe Pearson %.4f R2 %.4f | closed form Pearson %.4f R2 %.4f | true model Pearson %.4f"
                        + " | steps %d skipped %d%n",
                dim, settings.learningRate(), pr, r2, pearson(q, test.y()), r2(q, test.y()),
                pearson(gen.truth(test), test.y()), probe.steps(), probe.skippedSteps());
        assertTrue(pr > 0.95, "Pearson " + pr);
        assertTrue(r2 > 0.9, "R2 " + r2);
        assertEquals(4000, probe.samplesLearned());
        assertEquals(4000 / 32, probe.steps());
        assertEquals(0, probe.skippedSteps());
    }

    @Test
    void rawUnitWeightsReproducePredict() {
        int dim = 8;
        SyntheticRegression gen = new SyntheticRegression(dim, 3, 0);
        Data train = gen.draw(1000);
        MlpProbe probe = Probes.linear(ProbeSettings.defaults(dim));
        for (int i = 0; i < train.size(); i++) probe.learn(train.x()[i], train.y()[i]);
        float[] w = probe.weightsInInputUnits();
        double b = probe.biasInInputUnits();
        for (int k = 0; k < 20; k++) {
            double lin = b;
            for (int i = 0; i < dim; i++) lin += w[i] * (double) train.x()[k][i];
            double pred = probe.predict(train.x()[k]);
            assertEquals(pred, lin, 1e-4 * Math.max(1, Math.abs(pred)));
        }
        // The raw-unit weights track the generating coefficients (compared per unit of each feature's spread).
        double[] fitted = new double[dim], truth = new double[dim];
        for (int i = 0; i < dim; i++) {
            fitted[i] = w[i] * gen.sigma[i];
            truth[i] = gen.a[i] * gen.sigma[i];
        }
        assertTrue(pearson(fitted, truth) > 0.95, "weights vs truth " + pearson(fitted, truth));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.9})
    void restoreMidBatchContinuesBitIdentically(double averaging) {
        int dim = 384;
        SyntheticRegression gen = new SyntheticRegression(dim, 11, 32);
        Data data = gen.draw(1000);
        Data probeSet = gen.draw(50);
        MlpProbe a = Probes.linear(ProbeSettings.defaults(dim).withAveraging(averaging).withL2(1e-4));
        MlpProbe b = null;
        for (int i = 0; i < data.size(); i++) {
            if (i == 517) {
                assertNotEquals(0, a.pendingSamples(), "snapshot must be taken mid-batch");
                byte[] snapshot = a.toBytes();
                b = MlpProbe.fromBytes(snapshot);
                assertArrayEquals(snapshot, b.toBytes());
            }
            if (b != null) {
                assertEquals(a.predict(data.x()[i]), b.predict(data.x()[i])); // exact, also before learning i
                b.learn(data.x()[i], data.y()[i]);
            }
            a.learn(data.x()[i], data.y()[i]);
        }
        for (float[] x : probeSet.x()) assertEquals(a.predict(x), b.predict(x));
        assertArrayEquals(a.weightsInInputUnits(), b.weightsInInputUnits());
        assertEquals(a.biasInInputUnits(), b.biasInInputUnits());
        assertEquals(a.steps(), b.steps());
        assertEquals(a.samplesLearned(), b.samplesLearned());
        assertArrayEquals(a.toBytes(), b.toBytes());
        System.out.printf(Locale.ROOT, "state size at dim %d: %d bytes with %d pending samples%n",
                dim, a.toBytes().length, a.pendingSamples());
    }

    @Test
    void predictIsZeroBeforeLearning() {
        MlpProbe p = Probes.linear(ProbeSettings.defaults(4));
        assertEquals(0.0, p.predict(new float[] {1, 2, 3, 4}));
        assertEquals(0.0, p.biasInInputUnits());
        assertArrayEquals(new float[4], p.weightsInInputUnits());
        MlpProbe restored = MlpProbe.fromBytes(p.toBytes());
        assertEquals(0.0, restored.predict(new float[] {1, 2, 3, 4}));
    }

    @Test
    void rejectsNonFiniteAndMisshapenInput() {
        MlpProbe p = Probes.linear(ProbeSettings.defaults(3));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, Float.NaN, 3}, 1));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, Float.POSITIVE_INFINITY, 3}, 1));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, 2, 3}, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, 2, 3}, Double.NEGATIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, 2, 3}, 1e300));
        assertThrows(IllegalArgumentException.class, () -> p.learn(new float[] {1, 2}, 1));
        assertThrows(IllegalArgumentException.class, () -> p.learn(null, 1));
        assertThrows(IllegalArgumentException.class, () -> p.predict(new float[] {Float.NaN, 0, 0}));
        assertEquals(0, p.samplesLearned(), "rejected samples leave no trace");
        assertEquals(0, p.pendingSamples());
    }

    @Test
    void extremeInputsAreClippedAndNothingBecomesNonFinite() {
        int dim = 2;
        MlpProbe p = Probes.linear(ProbeSettings.defaults(dim).withBatchSize(4));
        // Three samples at -MAX pull the mean near -MAX; then +MAX - mean overflows float32 inside the step.
        // Standardized inputs are clipped, so the step stays finite and is taken (the non-finite guard is
        // the second line of defence).
        float big = Float.MAX_VALUE;
        p.learn(new float[] {-big, 1}, 1);
        p.learn(new float[] {-big, 2}, 2);
        p.learn(new float[] {-big, 3}, 3);
        p.learn(new float[] {big, 4}, 4);
        assertEquals(0, p.skippedSteps());
        assertEquals(1, p.steps());
        // Ordinary data afterwards still trains, and nothing becomes non-finite.
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 400; i++) {
            float x1 = (float) r.nextGaussian();
            p.learn(new float[] {(float) r.nextGaussian(), x1}, 3 * x1);
        }
        assertTrue(p.steps() > 0);
        for (float w : p.weightsInInputUnits()) assertTrue(Float.isFinite(w));
        assertTrue(Double.isFinite(p.biasInInputUnits()));
        assertTrue(Double.isFinite(p.predict(new float[] {0, 1})));
        MlpProbe q = MlpProbe.fromBytes(p.toBytes());
        assertEquals(p.skippedSteps(), q.skippedSteps());
    }

    @Test
    void constantFeatureIsIgnoredSafely() {
        MlpProbe p = Probes.linear(ProbeSettings.defaults(2).withBatchSize(8));
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 800; i++) {
            float x = (float) r.nextGaussian();
            p.learn(new float[] {x, 42f}, 2 * x + 1);
        }
        // The constant feature got no weight, and a later different value cannot blow the prediction up.
        assertEquals(0f, p.weightsInInputUnits()[1]);
        assertEquals(p.predict(new float[] {1, 42f}), p.predict(new float[] {1, 1e6f}));
        assertEquals(3.0, p.predict(new float[] {1, 42f}), 0.2);
    }

    @Test
    void fromBytesRejectsForeignOrCorruptState() {
        byte[] good = Probes.linear(ProbeSettings.defaults(4)).toBytes();
        assertThrows(IllegalArgumentException.class, () -> MlpProbe.fromBytes(new byte[] {1, 2, 3, 4, 5}));
        assertThrows(IllegalArgumentException.class, () -> MlpProbe.fromBytes(Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> MlpProbe.fromBytes(Arrays.copyOf(good, good.length + 1)));
        byte[] wrongVersion = good.clone();
        wrongVersion[4] = 99;
        assertThrows(IllegalArgumentException.class, () -> MlpProbe.fromBytes(wrongVersion));
    }

    @Test
    void settingsValidate() {
        assertThrows(IllegalArgumentException.class, () -> new ProbeSettings(0, 0.01, 32, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProbeSettings(4, 0, 32, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProbeSettings(4, 0.01, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProbeSettings(4, 0.01, 32, -1));
        assertThrows(IllegalArgumentException.class, () -> ProbeSettings.defaults(4).withAveraging(1.0));
        assertEquals(new ProbeSettings(4, 0.01, 32, 0), new ProbeSettings(4, 0.01, 32));
        assertEquals(384, Probes.linear(ProbeSettings.defaults(384)).dimension());
        assertEquals(0.1 / Math.sqrt(384), ProbeSettings.defaults(384).learningRate(), 1e-12);
    }

    /** Throughput of learn() at dimension 384, batch 32, including the Adam steps. Printed, not asserted. */
    @Test
    void measuresLearnThroughput() {
        int dim = 384;
        Data data = new SyntheticRegression(dim, 21, 32).draw(4096);
        MlpProbe warm = Probes.linear(ProbeSettings.defaults(dim));
        for (int i = 0; i < 2048; i++) warm.learn(data.x()[i], data.y()[i]); // JIT and engine warm-up
        for (int round = 0; round < 3; round++) {
            MlpProbe p = Probes.linear(ProbeSettings.defaults(dim));
            int n = 0;
            long t0 = System.nanoTime();
            for (int rep = 0; rep < 5; rep++)
                for (int i = 0; i < data.size(); i++, n++) p.learn(data.x()[i], data.y()[i]);
            long t1 = System.nanoTime();
            double sink = 0;
            for (int rep = 0; rep < 5; rep++) for (float[] x : data.x()) sink += p.predict(x);
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT,
                    "dim %d batch 32: %.0f learn()/s (%d samples, %d Adam steps, %.1f us/step incl. amortized), "
                            + "%.0f predict()/s [%s]%n",
                    dim, n / ((t1 - t0) / 1e9), n, p.steps(), (t1 - t0) / 1e3 / p.steps(),
                    n / ((t2 - t1) / 1e9), Double.isFinite(sink) ? "ok" : "nan");
        }
    }
}
