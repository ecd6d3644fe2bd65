package io.ontobridge.probe.learn;

/**
 * The optimizer the probes share: {@code stepsPerBatch} Adam steps (bias-corrected) on one mini-batch,
 * with optional L2 decay and an exponential moving average of the parameters, in plain Java float32
 * arithmetic (element by element, as the DJL steps it replaced computed them). A step whose gradient,
 * parameters or second moment is not finite is skipped, and the rest of the batch with it: the same
 * batch would give the same bad gradient again. Persistent state stays in the caller's float arrays and
 * is written only by steps that succeeded.
 */
final class Adam {
    private Adam() {
    }

    /** The batch's gradient at some parameters. */
    @FunctionalInterface
    interface Gradient {
        /** Writes the gradient of the batch loss at {@code theta} into {@code into}, in the parameters' layout. */
        void compute(float[] theta, float[] into);
    }

    /** What one batch did: steps taken and skipped. */
    record Outcome(long taken, long skipped) {
    }

    /**
     * @param gradient the batch's gradient, in the parameters' layout
     * @param l2Mask   per-parameter L2 weight (0 for biases), or null for none
     * @param theta    parameters, updated in place by each step taken
     * @param adamM    first moments, updated in place
     * @param adamV    second moments, updated in place
     * @param emaTheta moving average of the parameters, updated in place when averaging is on
     * @param steps    steps taken before this batch (for the bias correction)
     */
    static Outcome run(ProbeSettings opt, Gradient gradient, float[] l2Mask,
                       float[] theta, float[] adamM, float[] adamV, float[] emaTheta, long steps) {
        int n = theta.length;
        float b1 = (float) opt.beta1();
        float b2 = (float) opt.beta2();
        float avg = (float) opt.averaging();
        float lr = (float) opt.learningRate();
        float eps = (float) opt.epsilon();
        float[] g = new float[n];
        float[] mNew = new float[n];
        float[] vNew = new float[n];
        float[] thNew = new float[n];
        long taken = 0;
        long skipped = 0;
        for (int k = 0; k < opt.stepsPerBatch(); k++) {
            gradient.compute(theta, g);
            if (l2Mask != null) {
                for (int i = 0; i < n; i++) g[i] = g[i] + theta[i] * l2Mask[i];
            }
            if (!allFinite(g)) {
                skipped++;
                break;
            }
            long t = steps + taken + 1;
            float c1 = (float) (1.0 - Math.pow(opt.beta1(), t));
            float c2 = (float) (1.0 - Math.pow(opt.beta2(), t));
            boolean finite = true;
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float m = adamM[i] * b1 + gi * (1f - b1);
                float v = adamV[i] * b2 + (gi * gi) * (1f - b2);
                float update = ((m / c1) * lr) / ((float) Math.sqrt(v / c2) + eps);
                float th = theta[i] - update;
                mNew[i] = m;
                vNew[i] = v;
                thNew[i] = th;
                finite &= Float.isFinite(th) && Float.isFinite(v);
            }
            if (!finite) {
                skipped++;
                break;
            }
            System.arraycopy(thNew, 0, theta, 0, n);
            System.arraycopy(mNew, 0, adamM, 0, n);
            System.arraycopy(vNew, 0, adamV, 0, n);
            if (avg > 0) {
                for (int i = 0; i < n; i++) emaTheta[i] = emaTheta[i] * avg + thNew[i] * (1f - avg);
            }
            taken++;
        }
        return new Outcome(taken, skipped);
    }

    static boolean allFinite(float[] a) {
        for (float f : a) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }
}
