package io.ontobridge.streams.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.function.UnaryOperator;

/**
 * The optimizer the probes share: {@code stepsPerBatch} Adam steps (bias-corrected) on one mini-batch,
 * with optional L2 decay and an exponential moving average of the parameters. A step whose gradient,
 * parameters or second moment is not finite is skipped, and the rest of the batch with it: the same
 * batch would give the same bad gradient again. Persistent state stays in the caller's float arrays and
 * is written back only when at least one step succeeded.
 */
final class AdamSteps {
    private AdamSteps() {
    }

    /** What one batch did: steps taken and skipped. */
    record Outcome(long taken, long skipped) {
    }

    /**
     * @param gradient maps the parameters to the batch's gradient, in the parameters' layout
     * @param l2Mask   per-parameter L2 weight (0 for biases), or null for none
     * @param theta    parameters, updated in place
     * @param adamM    first moments, updated in place
     * @param adamV    second moments, updated in place
     * @param emaTheta moving average of the parameters, updated in place when averaging is on
     * @param steps    steps taken before this batch (for the bias correction)
     */
    static Outcome run(NDManager m, ProbeSettings opt, UnaryOperator<NDArray> gradient, float[] l2Mask,
                       float[] theta, float[] adamM, float[] adamV, float[] emaTheta, long steps) {
        NDArray th = m.create(theta);
        NDArray mA = m.create(adamM);
        NDArray vA = m.create(adamV);
        NDArray decay = l2Mask == null ? null : m.create(l2Mask);
        float b1 = (float) opt.beta1();
        float b2 = (float) opt.beta2();
        float avg = (float) opt.averaging();
        NDArray ema = avg > 0 ? m.create(emaTheta) : null;
        long taken = 0;
        long skipped = 0;
        for (int k = 0; k < opt.stepsPerBatch(); k++) {
            NDArray g = gradient.apply(th);
            if (decay != null) g = g.add(th.mul(decay));
            if (!allFinite(g)) {
                skipped++;
                break;
            }
            long t = steps + taken + 1;
            NDArray mNew = mA.mul(b1).add(g.mul(1f - b1));
            NDArray vNew = vA.mul(b2).add(g.square().mul(1f - b2));
            float c1 = (float) (1.0 - Math.pow(opt.beta1(), t));
            float c2 = (float) (1.0 - Math.pow(opt.beta2(), t));
            NDArray update = mNew.div(c1).mul((float) opt.learningRate())
                    .div(vNew.div(c2).sqrt().add((float) opt.epsilon()));
            NDArray thNew = th.sub(update);
            if (!allFinite(thNew) || !allFinite(vNew)) {
                skipped++;
                break;
            }
            th = thNew;
            if (ema != null) ema = ema.mul(avg).add(thNew.mul(1f - avg));
            mA = mNew;
            vA = vNew;
            taken++;
        }
        if (taken > 0) {
            System.arraycopy(th.toFloatArray(), 0, theta, 0, theta.length);
            if (ema != null) {
                System.arraycopy(ema.toFloatArray(), 0, emaTheta, 0, emaTheta.length);
            }
            System.arraycopy(mA.toFloatArray(), 0, adamM, 0, adamM.length);
            System.arraycopy(vA.toFloatArray(), 0, adamV, 0, adamV.length);
        }
        return new Outcome(taken, skipped);
    }

    static boolean allFinite(NDArray a) {
        for (float f : a.toFloatArray()) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }
}
