package io.ontobridge.probe;

import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.metrics.FidelityWindow;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * A concept probe's control task: a probe of the same architecture, on the same activations, fitted to the feature
 * values permuted (each sample's target is the feature value of an earlier sample, drawn by a hash of its id). The
 * values keep their distribution but lose any link to the activations, so whatever the control probe fits is noise
 * the architecture can memorize; the concept probe's selectivity is its held-out R^2 minus the control's.
 */
public final class ControlTask {
    /** Recent feature values the control task draws its targets from. */
    public static final int POOL = 256;
    /** The control task starts once this many feature values are pooled. */
    public static final int MIN_POOL = 16;

    private final Probe probe;
    private final FidelityWindow heldOut;
    private final double[] pool = new double[POOL];
    private int poolSize;
    private int poolNext;

    ControlTask(Probe probe, int window) {
        this.probe = probe;
        this.heldOut = new FidelityWindow(window);
    }

    /**
     * The control target for a sample: a pooled feature value picked by {@code hash} (any well-mixed hash of the
     * sample's id; the trainer takes Kafka's murmur2, so any client can recompute it). Null until enough values are
     * pooled.
     */
    public Double target(int hash) {
        if (poolSize < MIN_POOL) {
            return null;
        }
        return pool[(hash & 0x7fffffff) % poolSize];
    }

    /** Pools a sample's feature value (every sample, held out or not, before its target is used). */
    void pool(double featureValue) {
        pool[poolNext] = featureValue;
        poolNext = (poolNext + 1) % POOL;
        poolSize = Math.min(poolSize + 1, POOL);
    }

    /** A held-out sample: the control probe's prediction against the (truth of the) control target. */
    void heldOut(float[] activations, double truth) {
        heldOut.add(probe.predict(activations), truth);
    }

    /** The control probe's prediction, before it learns the sample (its code length is taken from it). */
    double predict(float[] activations) {
        return probe.predict(activations);
    }

    void learn(float[] activations, double target) {
        probe.learn(activations, target);
    }

    /** The control probe's held-out pairs. */
    public FidelityWindow heldOutWindow() {
        return heldOut;
    }

    /** The control probe's held-out R^2, counted as 0 until it has three pairs or while it is undefined. */
    public double r2() {
        double r2 = heldOut.size() < 3 ? 0 : heldOut.r2();
        return Double.isNaN(r2) ? 0 : r2;
    }

    /** The control probe's state (a block), its held-out window, then the pool (size, next slot, values). */
    void write(StateWriter out) {
        out.writeBlock(probe.toBytes());
        heldOut.write(out);
        out.writeInt(poolSize);
        out.writeInt(poolNext);
        out.writeDoubles(pool, poolSize);
    }

    static ControlTask read(StateReader in, int window) {
        ControlTask control = new ControlTask(Probe.fromBytes(in.readBlock()), window);
        control.heldOut.copyFrom(FidelityWindow.read(in));
        control.poolSize = in.readCount("control pool size", POOL);
        control.poolNext = in.readCount("control pool position", POOL - 1);
        in.readDoubles(control.pool, control.poolSize);
        return control;
    }
}
