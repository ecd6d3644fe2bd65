package io.ontobridge.deploy.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;

/**
 * Guards each training step after its backward pass, for the zoo's trainers (DJL PyTorch engine, CPU):
 * <ul>
 *   <li>a step whose loss or any gradient is not finite is skipped and its gradients zeroed: one NaN step
 *   would poison Adam's moments for good (sporadic NaN gradients were seen on this engine);</li>
 *   <li>a step whose gradient norm is far above the recent typical one is scaled down to
 *   {@link #CLIP_FACTOR} times that: a rare spike otherwise derailed a class-head VAE late in training
 *   (the loss jumped from 160 to 240 within an epoch, with no NaN anywhere).</li>
 * </ul>
 * One guard per training run: it keeps the moving average of applied steps' gradient norms (decay 0.98).
 */
final class GradientGuard {
    /** Clipping starts after this many applied steps (the typical norm needs a history). */
    static final int CLIP_WARMUP = 50;
    /** A step's gradient norm may be at most this many times the typical (moving-average) norm. */
    static final double CLIP_FACTOR = 5.0;

    /** What became of a step. */
    enum Outcome {
        /** Apply it as it is. */
        APPLY,
        /** Its gradients were scaled down: apply it. */
        CLIPPED,
        /** Its loss or a gradient was not finite: its gradients were zeroed; do not step. */
        SKIPPED
    }

    private double typical;
    private int steps;

    /**
     * Checks the gradients of the step just back-propagated; the caller steps the optimizer unless
     * {@link Outcome#SKIPPED}.
     *
     * @param lossFinite whether the step's loss was finite (its gradients are not even looked at otherwise)
     * @param bm         a manager of the step, owning the temporary arrays
     */
    Outcome check(Trainer trainer, NDManager bm, boolean lossFinite) {
        double norm = lossFinite ? gradientNorm(trainer, bm) : Double.NaN;
        if (!Double.isFinite(norm)) {
            zeroGradients(trainer);
            return Outcome.SKIPPED;
        }
        Outcome outcome = Outcome.APPLY;
        if (steps >= CLIP_WARMUP && norm > CLIP_FACTOR * typical) {
            scaleGradients(trainer, (float) (CLIP_FACTOR * typical / norm));
            norm = CLIP_FACTOR * typical;
            outcome = Outcome.CLIPPED;
        }
        typical = steps == 0 ? norm : 0.98 * typical + 0.02 * norm;
        steps++;
        return outcome;
    }

    /** The global L2 norm of all gradients; NaN or infinite when any gradient holds a NaN or an infinity. */
    private static double gradientNorm(Trainer trainer, NDManager bm) {
        NDArray total = null;
        for (var p : trainer.getModel().getBlock().getParameters()) {
            NDArray g = p.getValue().getArray().getGradient();
            g.attach(bm);
            NDArray s = g.square().sum();
            total = total == null ? s : total.add(s);
        }
        return total == null ? 0 : Math.sqrt(total.getFloat());
    }

    /** Multiplies every gradient in place. */
    private static void scaleGradients(Trainer trainer, float factor) {
        for (var p : trainer.getModel().getBlock().getParameters()) {
            NDArray g = p.getValue().getArray().getGradient();
            g.muli(factor);
            g.close();
        }
    }

    private static void zeroGradients(Trainer trainer) {
        for (var p : trainer.getModel().getBlock().getParameters()) {
            JniUtils.zeroGrad((PtNDArray) p.getValue().getArray());
        }
    }
}
