package io.ontobridge.probe.learn;

import java.util.List;
import java.util.Objects;

/**
 * Settings of an {@link MlpProbe}: the optimizer and standardization settings of a {@link ProbeSettings}, the
 * hidden layer sizes, the loss and the initialization seed. Saved with the probe state.
 *
 * @param base   dimension, Adam (learning rate, batch size, betas, epsilon), L2 on the weights (not biases),
 *               std floor, steps per batch and parameter averaging (see {@link ProbeSettings})
 * @param hidden hidden layer sizes, input side first ({@code [64]}, {@code [64, 32]}); empty = a linear model
 * @param loss   objective, see {@link ProbeLoss}
 * @param seed   seed of the He (hidden layers) / Xavier (output layer) initialization; same seed, same probe
 */
public record MlpSettings(ProbeSettings base, List<Integer> hidden, ProbeLoss loss, long seed) {

    /** Upper bound on the parameter count, so corrupt state bytes cannot request a huge allocation. */
    public static final long MAX_PARAMETERS = 1L << 26;
    public static final long DEFAULT_SEED = 0x5EEDL;
    /**
     * Default learning rate of a network with hidden layers. Adam moves each weight by about lr per step, so a
     * hidden unit's pre-activation jitters by lr * sqrt(dimension) in z units, as for a linear probe; the scale is
     * larger than the linear probe's because a network must first move away from its random start.
     */
    public static final double MLP_LEARNING_RATE_SCALE = 0.2;
    /** Default mini-batch of a network: smaller than a linear probe's, so one pass over 3000 samples gives 187 steps. */
    public static final int MLP_BATCH_SIZE = 16;
    /** Clamp of the default network learning rate (the range that did well; docs/benchmarks.md, "Design measurements"). */
    public static final double MLP_MIN_LEARNING_RATE = 0.005;
    public static final double MLP_MAX_LEARNING_RATE = 0.02;

    public MlpSettings {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(loss, "loss");
        hidden = List.copyOf(Objects.requireNonNull(hidden, "hidden"));
        long params = 0;
        int in = base.dimension();
        for (int h : hidden) {
            if (h < 1) throw new IllegalArgumentException("hidden layer sizes must be >= 1: " + hidden);
            params += ((long) in + 1) * h;
            in = h;
            if (params > MAX_PARAMETERS) break;
        }
        params += in + 1L;
        if (params > MAX_PARAMETERS)
            throw new IllegalArgumentException("too many parameters (> " + MAX_PARAMETERS + "): " + hidden);
    }

    /**
     * Defaults: for hidden layers, lr {@value #MLP_LEARNING_RATE_SCALE}/sqrt(dimension) clamped to
     * [{@value #MLP_MIN_LEARNING_RATE}, {@value #MLP_MAX_LEARNING_RATE}] (0.02 at 16 and 64, 0.0102 at 384),
     * batch {@value #MLP_BATCH_SIZE}, one Adam step per batch and parameter averaging 0.9; without hidden layers
     * the linear defaults of {@link ProbeSettings#defaults}. The seed is {@link #DEFAULT_SEED}.
     *
     * <p>The measurements behind these defaults (an XOR concept and a linear one, one pass over 3000 samples) are in
     * docs/benchmarks.md, "Design measurements".
     */
    public static MlpSettings defaults(int dimension, List<Integer> hidden, ProbeLoss loss) {
        ProbeSettings base = ProbeSettings.defaults(dimension);
        if (!hidden.isEmpty()) {
            double lr = Math.max(MLP_MIN_LEARNING_RATE,
                    Math.min(MLP_MAX_LEARNING_RATE, MLP_LEARNING_RATE_SCALE / Math.sqrt(dimension)));
            base = base.withLearningRate(lr).withBatchSize(MLP_BATCH_SIZE);
        }
        return new MlpSettings(base, hidden, loss, DEFAULT_SEED);
    }

    public int dimension() {
        return base.dimension();
    }

    /** Total number of parameters (weights and biases of every layer). */
    public int parameterCount() {
        int n = 0, in = dimension();
        for (int h : hidden) {
            n += (in + 1) * h;
            in = h;
        }
        return n + in + 1;
    }

    public MlpSettings withBase(ProbeSettings b) {
        return new MlpSettings(b, hidden, loss, seed);
    }

    public MlpSettings withHidden(List<Integer> h) {
        return new MlpSettings(base, h, loss, seed);
    }

    public MlpSettings withLoss(ProbeLoss l) {
        return new MlpSettings(base, hidden, l, seed);
    }

    public MlpSettings withSeed(long s) {
        return new MlpSettings(base, hidden, loss, s);
    }

    /** The same settings for a read-out of another size (a baseline probe's). */
    public MlpSettings withDimension(int d) {
        return new MlpSettings(base.withDimension(d), hidden, loss, seed);
    }
}
