package io.ontobridge.probe.learn;

import io.ontobridge.probe.Probes;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Huber's loss against squared on a concept that the activations carry except on a minority of inputs, where the
 * source is far off: the Huber probe is pulled less, so it fits the rest better and the minority stands out more.
 */
class HuberProbeTest {
    private static final int DIM = 4;

    /** y = x0 - x1 on most inputs; on 8% (x2 > 1.4, which a linear read-out can follow) it is 6 units higher. */
    private static double feature(float[] x) {
        return x[0] - x[1] + (x[2] > 1.4 ? 6 : 0);
    }

    private static double[] fitAndMeasure(ProbeLoss loss) {
        MlpProbe probe = Probes.linear(new ProbeSettings(DIM, 0.05, 16), loss);
        Random r = new Random(3);
        for (int i = 0; i < 20000; i++) {
            float[] x = sample(r);
            probe.learn(x, feature(x));
        }
        double restError = 0;
        double minorityError = 0;
        int rest = 0;
        int minority = 0;
        for (int i = 0; i < 5000; i++) {
            float[] x = sample(r);
            double e = Math.abs(probe.predict(x) - feature(x));
            if (x[2] > 1.4) {
                minorityError += e;
                minority++;
            } else {
                restError += e;
                rest++;
            }
        }
        return new double[]{restError / rest, minorityError / minority};
    }

    private static float[] sample(Random r) {
        float[] x = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            x[d] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void aFewFarOffSamplesPullAHuberProbeLessThanASquaredOne() {
        double[] squared = fitAndMeasure(ProbeLoss.squared());
        double[] huber = fitAndMeasure(ProbeLoss.huber(ProbeLoss.DEFAULT_HUBER_DELTA));
        assertTrue(huber[0] < 0.6 * squared[0], "the rest is fitted better: mean |error| " + huber[0] + " against "
                + squared[0]);
        assertTrue(huber[1] / huber[0] > 2 * squared[1] / squared[0], "the minority stands out more: "
                + huber[1] / huber[0] + " against " + squared[1] / squared[0]);
    }

    @Test
    void theLossSurvivesTheProbesStateAndADeltaMustBePositive() {
        MlpProbe probe = Probes.linear(new ProbeSettings(DIM, 0.05, 16), ProbeLoss.huber(0.7));
        Random r = new Random(4);
        for (int i = 0; i < 100; i++) {
            float[] x = sample(r);
            probe.learn(x, feature(x));
        }
        MlpProbe read = MlpProbe.fromBytes(probe.toBytes());
        assertEquals(ProbeLoss.huber(0.7), read.loss());
        float[] x = sample(r);
        assertEquals(probe.predict(x), read.predict(x), 0.0);
        assertThrows(IllegalArgumentException.class, () -> ProbeLoss.huber(0));
        assertEquals(ProbeLoss.huber(ProbeLoss.DEFAULT_HUBER_DELTA), ProbeLoss.of("huber", 0, 1, 1));
    }
}
