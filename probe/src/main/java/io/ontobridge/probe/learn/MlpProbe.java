package io.ontobridge.probe.learn;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Online multi-layer perceptron probe in River's style: {@link #predict} one sample, then {@link #learn} it, with
 * zero or more ReLU hidden layers and a choice of {@link ProbeLoss}. Without hidden layers it is the linear probe:
 * with the squared loss online linear regression (the trainer's kind "linear"), with the logistic loss online
 * (cost-weighted) logistic regression ("logistic"); {@code io.ontobridge.probe.Probes} makes each kind with its
 * defaults.
 *
 * <p>Model: inputs are standardized with their running mean/std (Welford) and clipped to +-{@value RunningStats#Z_LIMIT};
 * hidden layers {@code h = relu(h_prev W + b)}; a linear output unit o. With {@link ProbeLoss.Kind#SQUARED} o is
 * the standardized target (running mean/std) and {@link #predict} returns {@code meanY + stdY * o}, in the
 * feature's units; with {@link ProbeLoss.Kind#LOGISTIC} {@link #predict} returns {@code sigmoid(o)}, the
 * (cost-weighted, see {@link ProbeLoss}) probability that the concept is present.
 *
 * <p>Training: mini-batch Adam ({@link Adam}), once (or {@code stepsPerBatch} times) per full batch, with analytic
 * backprop in plain Java: float32 parameters, sums in double.
 * Optional L2 on the weights (not biases) and an exponential moving average of the parameters that
 * {@link #predict} serves. Hidden weights start He-normal, the output weights Xavier-normal, all
 * from the seed in the settings (a linear model, no hidden layer, starts at zero); biases start at zero. Before
 * anything was learned every z is 0, so {@link #predict} returns 0 (SQUARED) or 0.5 (LOGISTIC).
 *
 * <p>{@link #predict} is a plain Java forward pass (no JNI), so the per-sample hot path never crosses JNI. The
 * complete state (settings, statistics, parameters, Adam moments, counters and the partly filled batch)
 * round-trips through {@link #toBytes()} / {@link #fromBytes(byte[])}, and a restored probe continues
 * bit-identically. The linear regression probe (no hidden layer, {@link ProbeLoss#squared()}, the default seed)
 * keeps the state format of the LinearProbe it replaced ({@value #LINEAR_MAGIC_NAME}), so the states of existing
 * stores restore and are written back byte for byte as before; every other probe writes {@value #MAGIC_NAME}.
 * {@link #weightsInInputUnits()} describes a probe without hidden layers where no input is clipped.
 *
 * <p>Contracts as {@link Probe}: non-finite or misshapen inputs and non-finite targets (or targets outside the
 * float range, for SQUARED) are rejected with IllegalArgumentException and leave no trace; a step whose gradient
 * or result is not finite is skipped and counted, the batch is discarded either way; a feature whose running std
 * is at most {@code stdFloor * max(1, |mean|)} counts as constant (z = 0). Not thread-safe.
 *
 * <p>Why one class: its state format writes every field (two formats, so old stores restore), and a restored
 * probe must continue bit for bit; the fields and the code that writes and reads them are kept side by side so
 * that a new field cannot be left out of the state unseen. The network maths are in {@link Network}.
 */
public final class MlpProbe implements Probe {

    static final int MAGIC = 0x4F424D50; // "OBMP"
    static final String MAGIC_NAME = "OBMP";
    private static final byte FORMAT_VERSION = 1;
    /** The state format of the linear regression probe, once the LinearProbe class's: settings, then as OBMP. */
    static final int LINEAR_MAGIC = 0x4F424C50; // "OBLP"
    static final String LINEAR_MAGIC_NAME = "OBLP";
    private static final byte LINEAR_FORMAT_VERSION = 1;

    private final MlpSettings settings;
    private final ProbeSettings opt;
    private final ProbeLoss loss;
    private final int dim;
    private final Network net;
    private final int params;

    private final RunningStats stats;

    private final float[] theta;
    private final float[] adamM;
    private final float[] adamV;
    // Exponential moving average of theta (starts at zero, so it needs Adam-style debiasing) and its debiased
    // copy avgTheta, which predict() uses when averaging > 0. Only emaTheta is persisted.
    private final float[] emaTheta;
    private final float[] avgTheta;
    private long steps;
    private long skippedSteps;

    // The partly filled mini-batch: raw inputs (standardized only at step time with the then-current stats);
    // targets in raw units (SQUARED) or 0/1 labels (LOGISTIC).
    private final float[] batchX;
    private final float[] batchY;
    private int batchFill;

    private MlpProbe(MlpSettings s) {
        this.settings = s;
        this.opt = s.base();
        this.loss = s.loss();
        this.dim = s.dimension();
        this.net = new Network(dim, s.hidden());
        this.params = net.params;
        this.stats = new RunningStats(dim, opt.stdFloor());
        this.theta = new float[params];
        this.adamM = new float[params];
        this.adamV = new float[params];
        this.emaTheta = new float[params];
        this.avgTheta = new float[params];
        this.batchX = new float[opt.batchSize() * dim];
        this.batchY = new float[opt.batchSize()];
    }

    public static MlpProbe create(MlpSettings s) {
        if (s == null) throw new NullPointerException("settings");
        MlpProbe p = new MlpProbe(s);
        p.net.initialize(p.theta, s.seed());
        return p;
    }

    public MlpSettings settings() {
        return settings;
    }

    public ProbeLoss loss() {
        return loss;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public long samplesLearned() {
        return stats.count();
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public long skippedSteps() {
        return skippedSteps;
    }

    /** Samples waiting in the current, not yet full, mini-batch. */
    public int pendingSamples() {
        return batchFill;
    }

    /** Number of parameters. */
    public int parameterCount() {
        return params;
    }

    /** Whether the probe has no hidden layer: a linear model of the (standardized) inputs. */
    public boolean isLinear() {
        return net.layers == 1;
    }

    /** Whether this is the linear regression probe, which keeps LinearProbe's state format. */
    private boolean writesLinearFormat() {
        return net.layers == 1 && loss.equals(ProbeLoss.squared()) && settings.seed() == MlpSettings.DEFAULT_SEED;
    }

    /**
     * Raw-unit weights w of a probe without hidden layers such that (at the current statistics, where no input is
     * clipped) the output is w.x + b: predict(x) for the squared loss, the logit for the logistic loss.
     */
    public float[] weightsInInputUnits() {
        requireLinear();
        float[] w = new float[dim];
        float[] th = served();
        double ys = loss.isLogistic() ? 1.0 : stats.yScale();
        for (int i = 0; i < dim; i++) w[i] = (float) (ys * th[i] * stats.invStd(i));
        return w;
    }

    /** Raw-unit bias b matching {@link #weightsInInputUnits()}; 0 before anything was learned. */
    public double biasInInputUnits() {
        requireLinear();
        if (stats.count() == 0) return 0.0;
        float[] th = served();
        double s = th[dim];
        for (int i = 0; i < dim; i++) s -= th[i] * stats.meanX(i) * stats.invStd(i);
        return loss.isLogistic() ? s : stats.meanY() + stats.yScale() * s;
    }

    /** The parameters predictions use, with the input standardization (any number of layers). */
    public ProbeParameters parameters() {
        float[] mean = new float[dim];
        float[] inv = new float[dim];
        for (int i = 0; i < dim; i++) {
            mean[i] = (float) stats.meanX(i);
            inv[i] = (float) stats.invStd(i);
        }
        float[] th = served();
        List<ProbeParameters.Layer> layers = new ArrayList<>();
        for (int l = 0; l < net.layers; l++) {
            layers.add(new ProbeParameters.Layer(net.fanIn[l], net.fanOut[l], Arrays.copyOfRange(th, net.wOff[l],
                    net.bOff[l]), Arrays.copyOfRange(th, net.bOff[l], net.bOff[l] + net.fanOut[l])));
        }
        boolean logistic = loss.isLogistic();
        boolean untrained = stats.count() == 0;
        return new ProbeParameters(mean, inv, RunningStats.Z_LIMIT, layers,
                logistic || untrained ? 0.0 : stats.meanY(), logistic ? 1.0 : untrained ? 0.0 : stats.yScale(),
                logistic);
    }

    private void requireLinear() {
        if (net.layers != 1) throw new IllegalStateException("a probe with hidden layers has no input-unit weights");
    }

    // ---------------------------------------------------------------- prediction (plain Java)

    @Override
    public double predict(float[] x) {
        checkFeatures(x);
        double o = output(x);
        if (loss.isLogistic()) return Network.sigmoid(o);
        if (stats.count() == 0) return 0.0;
        return stats.meanY() + stats.yScale() * o;
    }

    /** The output unit's value o (z-space for SQUARED, the logit for LOGISTIC). */
    private double output(float[] x) {
        double[] z = new double[dim];
        for (int i = 0; i < dim; i++) {
            z[i] = stats.z(i, x[i]);
        }
        return net.output(served(), z);
    }

    /** Parameters predictions use: the Adam iterate, or its moving average when averaging is on. */
    private float[] served() {
        return opt.averaging() > 0 && steps > 0 ? avgTheta : theta;
    }

    // ---------------------------------------------------------------- learning

    @Override
    public void learn(float[] x, double y) {
        checkFeatures(x);
        if (!Double.isFinite(y)) throw new IllegalArgumentException("target must be finite: " + y);
        if (!loss.isLogistic() && Math.abs(y) > Float.MAX_VALUE)
            throw new IllegalArgumentException("target must be within float range: " + y);

        stats.update(x, y);

        System.arraycopy(x, 0, batchX, batchFill * dim, dim);
        batchY[batchFill] = loss.isLogistic() ? loss.label(y) : (float) y;
        batchFill++;
        if (batchFill == opt.batchSize()) {
            step();
            batchFill = 0; // no need to zero the buffers: rows beyond batchFill are never read or saved
        }
    }

    /**
     * stepsPerBatch Adam steps on the full batch, with the gradient of {@link Network#gradient}: squared loss on
     * the standardized target (SQUARED) or the cost-weighted cross-entropy on the labels (LOGISTIC). The inputs
     * are standardized with the statistics as they are now, in float32 as the parameters, and clipped.
     */
    private void step() {
        final int b = opt.batchSize();
        float lim = (float) RunningStats.Z_LIMIT;
        float[] z = new float[b * dim];
        for (int i = 0; i < dim; i++) {
            float mu = (float) stats.meanX(i);
            float inv = (float) stats.invStd(i);
            for (int r = 0; r < b; r++) {
                float v = (batchX[r * dim + i] - mu) * inv;
                z[r * dim + i] = Math.max(-lim, Math.min(lim, v)); // NaN stays NaN: the step is then skipped
            }
        }
        float[] target = new float[b];
        double[] sampleWeight = null;
        if (loss.isLogistic()) {
            sampleWeight = new double[b];
            for (int r = 0; r < b; r++) {
                target[r] = batchY[r];
                sampleWeight[r] = loss.weight(batchY[r] > 0.5f ? 1 : 0) / b;
            }
        } else {
            double ym = stats.meanY(), ys = stats.yScale();
            for (int r = 0; r < b; r++) target[r] = (float) ((batchY[r] - ym) / ys);
        }
        float[] l2Mask = opt.l2() > 0 ? net.l2Mask((float) opt.l2()) : null;
        double[] weights = sampleWeight;
        double huberDelta = loss.huberDelta();
        Adam.Outcome outcome = Adam.run(opt, (th, g) -> net.gradient(th, z, target, weights, b, huberDelta, g), l2Mask,
                theta, adamM, adamV, emaTheta, steps);
        steps += outcome.taken();
        skippedSteps += outcome.skipped();
        if (outcome.taken() > 0 && opt.averaging() > 0) {
            refreshAverage();
        }
    }

    /** avgTheta = emaTheta / (1 - averaging^steps): removes the pull towards the zero start. */
    private void refreshAverage() {
        if (steps == 0) return;
        double c = 1.0 - Math.pow(opt.averaging(), steps);
        for (int i = 0; i < params; i++) avgTheta[i] = (float) (emaTheta[i] / c);
    }

    private void checkFeatures(float[] x) {
        if (x == null) throw new IllegalArgumentException("features must not be null");
        if (x.length != dim) throw new IllegalArgumentException("expected " + dim + " features, got " + x.length);
        for (int i = 0; i < dim; i++)
            if (!Float.isFinite(x[i])) throw new IllegalArgumentException("feature " + i + " is not finite: " + x[i]);
    }

    // ---------------------------------------------------------------- persistence

    /**
     * Binary state (big-endian). OBMP: magic, format version, settings (ProbeSettings fields, hidden sizes, loss,
     * seed), counters, statistics, parameters, Adam moments, parameter EMA and the filled rows of the pending batch.
     * The linear regression probe writes OBLP, LinearProbe's format: the same without the hidden sizes, loss and
     * seed (parameters [w..., b], as OBMP lays out a single layer).
     */
    @Override
    public byte[] toBytes() {
        boolean linear = writesLinearFormat();
        StateWriter out = new StateWriter(linear ? "linear probe" : "MlpProbe",
                128 + dim * 16 + params * 16 + batchFill * (dim + 1) * 4);
        out.writeInt(linear ? LINEAR_MAGIC : MAGIC);
        out.writeByte(linear ? LINEAR_FORMAT_VERSION : FORMAT_VERSION);
        ProbeSettings s = opt;
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
        if (!linear) {
            out.writeInt(settings.hidden().size());
            for (int h : settings.hidden()) out.writeInt(h);
            out.writeByte(loss.kind().ordinal());
            out.writeDouble(loss.threshold());
            out.writeDouble(loss.falsePositiveCost());
            out.writeDouble(loss.falseNegativeCost());
            out.writeLong(settings.seed());
        }

        stats.write(out);
        out.writeLong(steps);
        out.writeLong(skippedSteps);
        out.writeFloats(theta, params);
        out.writeFloats(adamM, params);
        out.writeFloats(adamV, params);
        out.writeFloats(emaTheta, params);
        out.writeInt(batchFill);
        out.writeFloats(batchX, batchFill * dim);
        out.writeFloats(batchY, batchFill);
        return out.toByteArray();
    }

    /**
     * Restores a probe saved by {@link #toBytes()} (OBMP, or OBLP as the linear regression probe and LinearProbe
     * wrote it); IllegalArgumentException on foreign or corrupt bytes.
     */
    public static MlpProbe fromBytes(byte[] b) {
        if (b == null) throw new IllegalArgumentException("bytes must not be null");
        if (b.length < 4) throw new IllegalArgumentException("truncated MlpProbe state");
        int magic = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        boolean linear = magic == LINEAR_MAGIC;
        if (!linear && magic != MAGIC) throw new IllegalArgumentException("not an MlpProbe state");
        return StateReader.read(b, linear ? "linear probe" : "MlpProbe", in -> read(in, linear, b.length));
    }

    private static MlpProbe read(StateReader in, boolean linear, int length) {
        in.readInt(); // the magic number, checked
        byte version = in.readByte();
        if (version != (linear ? LINEAR_FORMAT_VERSION : FORMAT_VERSION))
            throw new IllegalArgumentException("unsupported " + in.structure() + " format version " + version);
        ProbeSettings base = new ProbeSettings(in.readInt(), in.readDouble(), in.readInt(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt(), in.readDouble());
        MlpSettings s;
        if (linear) {
            s = new MlpSettings(base, List.of(), ProbeLoss.squared(), MlpSettings.DEFAULT_SEED);
        } else {
            int nHidden = in.readCount("hidden layer count", length / 4);
            List<Integer> hidden = new ArrayList<>(nHidden);
            for (int i = 0; i < nHidden; i++) hidden.add(in.readInt());
            int kind = in.readByte();
            if (kind < 0 || kind >= ProbeLoss.Kind.values().length) throw in.corrupt("loss kind " + kind);
            ProbeLoss loss = new ProbeLoss(ProbeLoss.Kind.values()[kind], in.readDouble(), in.readDouble(),
                    in.readDouble());
            s = new MlpSettings(base, hidden, loss, in.readLong());
        }
        if ((long) s.dimension() * 16 + (long) s.parameterCount() * 16 > length)
            throw new IllegalArgumentException("truncated " + in.structure() + " state");
        MlpProbe p = new MlpProbe(s);
        p.stats.read(in);
        p.steps = in.readLong();
        p.skippedSteps = in.readLong();
        in.readFloats(p.theta, p.params);
        in.readFloats(p.adamM, p.params);
        in.readFloats(p.adamV, p.params);
        in.readFloats(p.emaTheta, p.params);
        int fill = in.readInt();
        if (fill < 0 || fill >= base.batchSize()) throw in.corrupt("batch fill " + fill);
        p.batchFill = fill;
        in.readFloats(p.batchX, fill * p.dim);
        in.readFloats(p.batchY, fill);
        if (base.averaging() > 0) p.refreshAverage();
        return p;
    }
}
