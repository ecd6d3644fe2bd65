package io.ontobridge.probe.metrics;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prequential codes give the bits information theory says they should. */
class PrequentialCodeTest {
    private static final double LOG2_2PI_E_HALF = 0.5 * Math.log(2 * Math.PI * Math.E) / Math.log(2); // 2.047

    @Test
    void theMarginalCodeOfAStandardNormalFeatureCostsItsEntropyAtTheStatedPrecision() {
        PrequentialCode code = PrequentialCode.gaussian();
        Random r = new Random(1);
        for (int i = 0; i < 20000; i++) {
            code.add(0, r.nextGaussian());
        }
        assertEquals(20000 - PrequentialCode.WARM_UP, code.n(), "the first two are not coded");
        assertEquals(1.0 / PrequentialCode.BINS_PER_SD, code.precision(), 0.002);
        // h(N(0,1)) + log2(100 bins per SD) = 2.047 + 6.644 bits a sample.
        double perSample = code.marginalBits(code.precision()) / code.n();
        assertEquals(LOG2_2PI_E_HALF + Math.log(100) / Math.log(2), perSample, 0.03);
        // The same targets at ten times the precision cost log2(10) more bits each.
        assertEquals(Math.log(10) / Math.log(2) * code.n(),
                code.marginalBits(code.precision() / 10) - code.marginalBits(code.precision()), 1e-6);
    }

    @Test
    void aPredictorWithATenthOfTheSpreadSavesLog2Of10BitsASample() {
        PrequentialCode good = PrequentialCode.gaussian();
        PrequentialCode useless = PrequentialCode.gaussian();
        Random r = new Random(2);
        double sum = 0;
        for (int i = 0; i < 20000; i++) {
            double y = 3 + 2 * r.nextGaussian();
            good.add(y + 0.2 * r.nextGaussian(), y); // residual SD 0.2 of a feature SD 2
            useless.add(i == 0 ? 0 : sum / i, y); // the mean of the earlier targets: what the marginal says
            sum += y;
        }
        double eps = good.precision();
        double saved = (good.marginalBits(eps) - good.bits(eps)) / good.n();
        assertEquals(Math.log(10) / Math.log(2), saved, 0.05);
        assertTrue(good.marginalBits(eps) / good.bits(eps) > 1.5, "compression "
                + good.marginalBits(eps) / good.bits(eps));
        double ratio = useless.marginalBits(eps) / useless.bits(eps);
        assertEquals(1.0, ratio, 0.01, "a predictor that knows only the mean compresses nothing: " + ratio);
    }

    @Test
    void aPerfectPredictorIsFlooredAtOneBinNotFree() {
        PrequentialCode perfect = PrequentialCode.gaussian();
        Random r = new Random(3);
        for (int i = 0; i < 5000; i++) {
            double y = r.nextGaussian();
            perfect.add(y, y);
        }
        // sigma floored at one bin: -log2(phi(0) * eps / eps) = log2(sqrt(2 pi)) = 1.33 bits a sample.
        double perSample = perfect.bits(perfect.precision()) / perfect.n();
        assertEquals(0.5 * Math.log(2 * Math.PI) / Math.log(2), perSample, 0.02);
    }

    @Test
    void crossEntropyIsOneBitForACoinAndLaplacesRuleForTheMarginal() {
        PrequentialCode coin = PrequentialCode.crossEntropy();
        PrequentialCode code = PrequentialCode.crossEntropy();
        int[] labels = {1, 1, 0};
        for (int label : labels) {
            coin.add(0.5, label);
            code.add(label == 1 ? 0.8 : 1.0, label); // the last: certain of the wrong label, clipped
        }
        assertEquals(3, coin.n());
        assertEquals(3.0, coin.bits(1), 1e-12, "p = 1/2: one bit a label, the uniform code");
        // Laplace: P(1) = 1/2, then 2/3, then P(0) = 1/4: 1 + log2(3/2) + 2 bits.
        assertEquals(3 + Math.log(1.5) / Math.log(2), code.marginalBits(1), 1e-12);
        double clippedMistake = -Math.log(PrequentialCode.P_MIN) / Math.log(2); // 9.97 bits, not infinity
        assertEquals(2 * -Math.log(0.8) / Math.log(2) + clippedMistake, code.bits(1), 1e-9);
    }

    @Test
    void aRestoredCodeGoesOnAsIfItNeverStopped() {
        PrequentialCode a = PrequentialCode.gaussian();
        Random r = new Random(4);
        for (int i = 0; i < 300; i++) {
            double y = r.nextGaussian();
            a.add(y + 0.5 * r.nextGaussian(), y);
        }
        StateWriter out = new StateWriter("code", 0);
        a.write(out);
        PrequentialCode b = StateReader.read(out.toByteArray(), "code", PrequentialCode::read);
        for (int i = 0; i < 300; i++) {
            double y = r.nextGaussian();
            double prediction = y + 0.5 * r.nextGaussian();
            a.add(prediction, y);
            b.add(prediction, y);
        }
        assertEquals(a.n(), b.n());
        assertEquals(a.bits(0.01), b.bits(0.01), 0.0);
        assertEquals(a.marginalBits(0.01), b.marginalBits(0.01), 0.0);
        a.add(Double.NaN, 1);
        assertEquals(b.n(), a.n(), "a non-finite prediction is neither coded nor counted");
    }
}
