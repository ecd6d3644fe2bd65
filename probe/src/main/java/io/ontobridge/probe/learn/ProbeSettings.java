package io.ontobridge.probe.learn;

/**
 * Optimizer and standardization settings of a probe ({@link MlpSettings#base()}). They are saved with the probe state, so a restored
 * probe keeps the settings it was trained with.
 *
 * @param dimension      number of input features
 * @param learningRate   Adam step size, in standardized (z) units
 * @param batchSize      samples per mini-batch; one optimizer pass happens when the batch is full
 * @param l2             L2 penalty on the weights (not the bias), added to the gradient as l2 * w; 0 disables it
 * @param beta1          Adam first-moment decay
 * @param beta2          Adam second-moment decay
 * @param epsilon        Adam denominator guard
 * @param stdFloor       a feature whose running std is at most stdFloor * max(1, |mean|) counts as constant and
 *                       contributes nothing (its z is 0), so a later different value cannot blow up
 * @param stepsPerBatch  Adam steps taken on each full mini-batch (1 = plain online Adam). More than one
 *                       re-uses the batch, which speeds up convergence when the stream is short.
 * @param averaging      decay of an exponential moving average of the parameters that predict() uses
 *                       (0 = off, predict uses the raw Adam iterate). Averaging damps the step-to-step noise of
 *                       a constant learning rate, so a larger rate can be used for speed.
 */
public record ProbeSettings(
        int dimension,
        double learningRate,
        int batchSize,
        double l2,
        double beta1,
        double beta2,
        double epsilon,
        double stdFloor,
        int stepsPerBatch,
        double averaging) {

    /**
     * Default learning rate scale: lr = 0.1 / sqrt(dimension) (0.0051 at 384, 0.035 at 8). Why: Adam moves every
     * coordinate by about lr per step whatever the gradient size, so the prediction jitters by about
     * lr * sqrt(dimension) in z units at a constant rate; that noise, not the number of steps, limited the fit in
     * the measurements (LinearProbeReportTest; the figures are in docs/benchmarks.md, "Design measurements").
     */
    public static final double LEARNING_RATE_SCALE = 0.1;
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Upper bound on the mini-batch buffer (floats), so corrupt state bytes cannot request a huge allocation. */
    public static final long MAX_BATCH_FLOATS = 1L << 26;
    public static final int DEFAULT_STEPS_PER_BATCH = 1;
    /** Default parameter averaging; it halves the gap to closed form on correlated (embedding-like) inputs. */
    public static final double DEFAULT_AVERAGING = 0.9;

    public ProbeSettings {
        if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1: " + dimension);
        if (!(learningRate > 0) || !Double.isFinite(learningRate))
            throw new IllegalArgumentException("learningRate must be finite and > 0: " + learningRate);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        if ((long) batchSize * dimension > MAX_BATCH_FLOATS)
            throw new IllegalArgumentException("batchSize * dimension must be <= " + MAX_BATCH_FLOATS);
        if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be finite and >= 0: " + l2);
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0,1): " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0,1): " + beta2);
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) throw new IllegalArgumentException("epsilon must be > 0: " + epsilon);
        if (!(stdFloor > 0) || !Double.isFinite(stdFloor)) throw new IllegalArgumentException("stdFloor must be > 0: " + stdFloor);
        if (stepsPerBatch < 1) throw new IllegalArgumentException("stepsPerBatch must be >= 1: " + stepsPerBatch);
        if (!(averaging >= 0 && averaging < 1)) throw new IllegalArgumentException("averaging must be in [0,1): " + averaging);
    }

    /**
     * Convenience constructor with the Adam defaults (0.9, 0.999, 1e-8), std floor 1e-6, one step per batch and
     * parameter averaging {@value #DEFAULT_AVERAGING}.
     */
    public ProbeSettings(int dimension, double learningRate, int batchSize, double l2) {
        this(dimension, learningRate, batchSize, l2, 0.9, 0.999, 1e-8, 1e-6, DEFAULT_STEPS_PER_BATCH, DEFAULT_AVERAGING);
    }

    /** As the four-argument constructor, without L2. */
    public ProbeSettings(int dimension, double learningRate, int batchSize) {
        this(dimension, learningRate, batchSize, 0.0);
    }

    /** The default learning rate for a dimension, see {@link #LEARNING_RATE_SCALE}. */
    public static double defaultLearningRate(int dimension) {
        return LEARNING_RATE_SCALE / Math.sqrt(Math.max(1, dimension));
    }

    /** Defaults for the given dimension: lr 0.1/sqrt(dimension), batch 32, no L2, averaging 0.9. */
    public static ProbeSettings defaults(int dimension) {
        return new ProbeSettings(dimension, defaultLearningRate(dimension), DEFAULT_BATCH_SIZE, 0.0);
    }

    /** The same settings for a read-out of another size (a baseline probe's). */
    public ProbeSettings withDimension(int d) {
        return new ProbeSettings(d, learningRate, batchSize, l2, beta1, beta2, epsilon, stdFloor, stepsPerBatch, averaging);
    }

    public ProbeSettings withLearningRate(double lr) {
        return new ProbeSettings(dimension, lr, batchSize, l2, beta1, beta2, epsilon, stdFloor, stepsPerBatch, averaging);
    }

    public ProbeSettings withBatchSize(int b) {
        return new ProbeSettings(dimension, learningRate, b, l2, beta1, beta2, epsilon, stdFloor, stepsPerBatch, averaging);
    }

    public ProbeSettings withStepsPerBatch(int k) {
        return new ProbeSettings(dimension, learningRate, batchSize, l2, beta1, beta2, epsilon, stdFloor, k, averaging);
    }

    public ProbeSettings withAveraging(double decay) {
        return new ProbeSettings(dimension, learningRate, batchSize, l2, beta1, beta2, epsilon, stdFloor, stepsPerBatch, decay);
    }

    public ProbeSettings withL2(double v) {
        return new ProbeSettings(dimension, learningRate, batchSize, v, beta1, beta2, epsilon, stdFloor, stepsPerBatch, averaging);
    }
}
