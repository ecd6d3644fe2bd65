package io.ontobridge.streams.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Online linear regression probe in River's style: {@link #predict} one sample, then {@link #learn} it.
 *
 * <p>Model: each feature is standardized with its running mean/std (Welford), the target likewise, and a linear
 * model {@code yhat_z = w.z + b} is fitted in z-space by mini-batch Adam on the mean squared error. Parameters
 * start at zero. The optimizer step runs in DJL's PyTorch engine once per full mini-batch; {@link #predict} is a
 * plain Java dot product so the per-sample hot path never crosses JNI.
 *
 * <p>The complete state (settings, statistics, parameters, Adam moments, step counters and the partially filled
 * mini-batch) round-trips through {@link #toBytes()} / {@link #fromBytes(byte[])}, so a restored probe continues
 * bit-identically to one that never stopped.
 *
 * <p>Contracts:
 * <ul>
 *   <li>Before any sample was learned, {@link #predict} returns 0.</li>
 *   <li>{@link #learn} and {@link #predict} reject a feature vector of the wrong length, or with NaN/infinite
 *       entries, with {@link IllegalArgumentException}; {@link #learn} also rejects a target that is not finite
 *       or outside the float range (the optimizer works in float32).</li>
 *   <li>If a batch's gradient or updated parameters are not finite, the step is skipped (parameters and Adam
 *       state stay as they were) and {@link #skippedSteps()} counts it. The batch is discarded either way.</li>
 *   <li>A feature whose running std is at most {@code stdFloor * max(1, |mean|)} is treated as constant: its z is
 *       0, so it neither learns nor can explode a prediction when it later changes.</li>
 *   <li>Standardized inputs are clipped to +-{@value RunningStats#Z_LIMIT}: a unit that has rarely fired (a ReLU unit with a
 *       tiny running std) and then fires far outside its history cannot swamp the prediction. In the shapes
 *       scenario an unclipped probe went from held-out r 0.92 to 0.69 (R^2 below 0) within 1300 samples this way.
 *       {@link #weightsInInputUnits()} describes the probe where no input is clipped.</li>
 * </ul>
 *
 * <p>Not thread-safe: one probe belongs to one stream task.
 */
public final class LinearProbe implements Probe {

    static final int MAGIC = 0x4F424C50; // "OBLP"
    private static final byte FORMAT_VERSION = 1;

    private final ProbeSettings settings;
    private final int dim;

    // Running statistics (Welford), in double so long streams do not drift.
    private final RunningStats stats;

    // Parameters in z-space: theta[0..dim-1] = w, theta[dim] = b. Adam moments have the same layout.
    private final float[] theta;
    private final float[] adamM;
    private final float[] adamV;
    // Exponential moving average of theta (starts at zero, so it needs Adam-style debiasing) and its debiased
    // copy avgTheta, which predict() uses when settings.averaging() > 0. Only emaTheta is persisted.
    private final float[] emaTheta;
    private final float[] avgTheta;
    private long steps;
    private long skippedSteps;

    // The partially filled mini-batch, raw units (standardized only at step time with the then-current stats).
    private final float[] batchX;
    private final float[] batchY;
    private int batchFill;

    private LinearProbe(ProbeSettings s) {
        this.settings = s;
        this.dim = s.dimension();
        this.stats = new RunningStats(dim, settings.stdFloor());
        this.theta = new float[dim + 1];
        this.adamM = new float[dim + 1];
        this.adamV = new float[dim + 1];
        this.emaTheta = new float[dim + 1];
        this.avgTheta = new float[dim + 1];
        this.batchX = new float[s.batchSize() * dim];
        this.batchY = new float[s.batchSize()];
    }

    public static LinearProbe create(ProbeSettings s) {
        if (s == null) throw new NullPointerException("settings");
        return new LinearProbe(s);
    }

    public ProbeSettings settings() {
        return settings;
    }

    /** Number of input features. */
    @Override
    public int dimension() {
        return dim;
    }

    /** Prediction in the target's own units; 0 before anything was learned. Pure Java, no engine call. */
    @Override
    public double predict(float[] x) {
        checkFeatures(x);
        if (stats.count() == 0) return 0.0;
        float[] th = served();
        double s = th[dim];
        for (int i = 0; i < dim; i++) {
            s += th[i] * stats.z(i, x[i]);
        }
        return stats.meanY() + stats.yScale() * s;
    }

    /** Updates the running statistics, buffers the sample, and runs the optimizer when the batch is full. */
    @Override
    public void learn(float[] x, double y) {
        checkFeatures(x);
        if (!Double.isFinite(y) || Math.abs(y) > Float.MAX_VALUE)
            throw new IllegalArgumentException("target must be finite and within float range: " + y);

        stats.update(x, y);

        System.arraycopy(x, 0, batchX, batchFill * dim, dim);
        batchY[batchFill] = (float) y;
        batchFill++;
        if (batchFill == settings.batchSize()) {
            step();
            batchFill = 0; // no need to zero the buffers: rows beyond batchFill are never read or saved
        }
    }

    @Override
    public long samplesLearned() {
        return stats.count();
    }

    /** Adam steps applied. */
    @Override
    public long steps() {
        return steps;
    }

    /** Adam steps skipped because the gradient or the result was not finite. */
    @Override
    public long skippedSteps() {
        return skippedSteps;
    }

    /** Samples waiting in the current, not yet full, mini-batch. */
    public int pendingSamples() {
        return batchFill;
    }

    /** Raw-unit weights w such that (at the current statistics) predict(x) == w.x + b. */
    public float[] weightsInInputUnits() {
        float[] w = new float[dim];
        float[] th = served();
        double ys = stats.yScale();
        for (int i = 0; i < dim; i++) w[i] = (float) (ys * th[i] * stats.invStd(i));
        return w;
    }

    /** Raw-unit bias b matching {@link #weightsInInputUnits()}; 0 before anything was learned. */
    public double biasInInputUnits() {
        if (stats.count() == 0) return 0.0;
        float[] th = served();
        double s = th[dim];
        for (int i = 0; i < dim; i++) s -= th[i] * stats.meanX(i) * stats.invStd(i);
        return stats.meanY() + stats.yScale() * s;
    }

    /** Parameters predictions use: the Adam iterate, or its moving average when averaging is on. */
    private float[] served() {
        return settings.averaging() > 0 ? avgTheta : theta;
    }

    // ---------------------------------------------------------------- standardization




    // ---------------------------------------------------------------- optimizer

    // Why no static Engine field: resolving it lazily keeps class loading cheap and failures local to first use.
    private static Engine engine() {
        return Engine.getEngine("PyTorch");
    }

    /**
     * One (or stepsPerBatch) Adam step(s) on the full mini-batch. Analytic MSE gradient with NDArrays:
     * r = Z theta - yz, g = (2/B) Z^T r (+ l2 * w). A per-step NDManager frees all native memory on exit;
     * persistent state is copied back to Java arrays only when the step succeeded.
     */
    private void step() {
        final int b = settings.batchSize();
        final int p = dim + 1;
        float[] mu = new float[dim];
        float[] inv = new float[dim];
        for (int i = 0; i < dim; i++) {
            mu[i] = (float) stats.meanX(i);
            inv[i] = (float) stats.invStd(i);
        }
        float[] yz = new float[b];
        double ym = stats.meanY(), ys = stats.yScale();
        for (int r = 0; r < b; r++) yz[r] = (float) ((batchY[r] - ym) / ys);
        float[] l2Mask = null;
        if (settings.l2() > 0) {
            l2Mask = new float[p];
            Arrays.fill(l2Mask, 0, dim, (float) settings.l2()); // bias is not decayed
        }

        try (NDManager m = engine().newBaseManager(Device.cpu())) {
            NDArray x = m.create(FloatBuffer.wrap(batchX, 0, b * dim), new Shape(b, dim));
            NDArray z = x.sub(m.create(mu)).mul(m.create(inv)).clip(-RunningStats.Z_LIMIT, RunningStats.Z_LIMIT);
            NDArray zAug = z.concat(m.ones(new Shape(b, 1)), 1); // ones column carries the bias
            NDArray zAugT = zAug.transpose();
            NDArray target = m.create(yz);
            // MSE gradient: r = Z theta - yz, g = (2/B) Z^T r.
            AdamSteps.Outcome outcome = AdamSteps.run(m, settings,
                    th -> zAugT.matMul(zAug.matMul(th).sub(target)).mul(2f / b), l2Mask,
                    theta, adamM, adamV, emaTheta, steps);
            steps += outcome.taken();
            skippedSteps += outcome.skipped();
            if (outcome.taken() > 0 && settings.averaging() > 0) {
                refreshAverage();
            }
        }
    }

    /** avgTheta = emaTheta / (1 - averaging^steps): removes the pull towards the zero start. */
    private void refreshAverage() {
        if (steps == 0) return; // ema and avg are both still zero
        double c = 1.0 - Math.pow(settings.averaging(), steps);
        for (int i = 0; i < avgTheta.length; i++) avgTheta[i] = (float) (emaTheta[i] / c);
    }


    private void checkFeatures(float[] x) {
        if (x == null) throw new IllegalArgumentException("features must not be null");
        if (x.length != dim)
            throw new IllegalArgumentException("expected " + dim + " features, got " + x.length);
        for (int i = 0; i < dim; i++)
            if (!Float.isFinite(x[i]))
                throw new IllegalArgumentException("feature " + i + " is not finite: " + x[i]);
    }

    // ---------------------------------------------------------------- persistence

    /**
     * Compact binary state: magic, format version, settings, counters, statistics, parameters, Adam moments and
     * only the filled rows of the pending mini-batch (big-endian, DataOutputStream).
     */
    @Override
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                64 + dim * 16 + (dim + 1) * 12 + batchFill * (dim + 1) * 4);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(FORMAT_VERSION);
            ProbeSettings s = settings;
            out.writeInt(s.dimension());
            out.writeDouble(s.learningRate());
            out.writeInt(s.batchSize());
            out.writeDouble(s.l2());
            out.writeDouble(s.beta1());
            out.writeDouble(s.beta2());
            out.writeDouble(s.epsilon());
            out.writeDouble(s.stdFloor());
            out.writeInt(s.stepsPerBatch());
            out.writeDouble(s.averaging());

            stats.write(out);
            out.writeLong(steps);
            out.writeLong(skippedSteps);
            StateArrays.writeFloats(out, theta, theta.length);
            StateArrays.writeFloats(out, adamM, adamM.length);
            StateArrays.writeFloats(out, adamV, adamV.length);
            StateArrays.writeFloats(out, emaTheta, emaTheta.length);
            out.writeInt(batchFill);
            StateArrays.writeFloats(out, batchX, batchFill * dim);
            StateArrays.writeFloats(out, batchY, batchFill);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return bytes.toByteArray();
    }

    /** Restores a probe saved by {@link #toBytes()}; throws IllegalArgumentException on foreign or corrupt bytes. */
    public static LinearProbe fromBytes(byte[] b) {
        if (b == null) throw new IllegalArgumentException("bytes must not be null");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            if (in.readInt() != MAGIC) throw new IllegalArgumentException("not a LinearProbe state");
            byte version = in.readByte();
            if (version != FORMAT_VERSION)
                throw new IllegalArgumentException("unsupported LinearProbe format version " + version);
            ProbeSettings s = new ProbeSettings(in.readInt(), in.readDouble(), in.readInt(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt(), in.readDouble());
            if ((long) s.dimension() * 16 > b.length) throw new IllegalArgumentException("truncated LinearProbe state");
            LinearProbe p = new LinearProbe(s);
            p.stats.read(in);
            p.steps = in.readLong();
            p.skippedSteps = in.readLong();
            StateArrays.readFloats(in, p.theta, p.theta.length);
            StateArrays.readFloats(in, p.adamM, p.adamM.length);
            StateArrays.readFloats(in, p.adamV, p.adamV.length);
            StateArrays.readFloats(in, p.emaTheta, p.emaTheta.length);
            int fill = in.readInt();
            if (fill < 0 || fill >= s.batchSize()) throw new IllegalArgumentException("corrupt batch fill " + fill);
            p.batchFill = fill;
            StateArrays.readFloats(in, p.batchX, fill * p.dim);
            StateArrays.readFloats(in, p.batchY, fill);
            if (in.available() != 0) throw new IllegalArgumentException("trailing bytes in LinearProbe state");
            if (s.averaging() > 0) p.refreshAverage();
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated LinearProbe state", e);
        }
    }


}
