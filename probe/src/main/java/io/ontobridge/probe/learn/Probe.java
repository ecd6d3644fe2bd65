package io.ontobridge.probe.learn;

/**
 * The common face of the online probes, in River's style: {@link #predict} one sample (that is its score), then
 * {@link #learn} it.
 *
 * <p>Every probe keeps its complete state (settings included) in {@link #toBytes()}; {@link #fromBytes(byte[])}
 * restores any probe from its bytes by the leading kind tag (the state format's int magic number), so a state
 * store does not need to know which kind of probe it holds. A restored probe continues bit-identically to one
 * that never stopped.
 *
 * <p>Contracts shared by all implementations: {@link #predict} and {@link #learn} reject a feature vector of the
 * wrong length or with non-finite entries with {@link IllegalArgumentException}, and {@link #learn} rejects a
 * non-finite target; a rejected sample leaves no trace. A step whose gradient or result is not finite is skipped
 * and counted by {@link #skippedSteps()}. Not thread-safe.
 */
public interface Probe {

    /** Number of input features. */
    int dimension();

    /**
     * The probe's reading of the concept for one sample: in the feature's own units for a regression probe
     * ({@link ProbeLoss.Kind#SQUARED}), the probability that the concept is present for a classification probe
     * ({@link ProbeLoss.Kind#LOGISTIC}).
     */
    double predict(float[] x);

    /** Learns one sample with the source feature value {@code y} (raw units, also for a classification probe). */
    void learn(float[] x, double y);

    /** Samples learned so far. */
    long samplesLearned();

    /** Optimizer steps applied. */
    long steps();

    /** Optimizer steps skipped because the gradient or the result was not finite. */
    long skippedSteps();

    /** The complete state, starting with its format's int magic number (the kind tag). */
    byte[] toBytes();

    /**
     * Restores a probe saved by {@link #toBytes()} of any implementation, dispatching on the leading kind tag;
     * throws IllegalArgumentException on foreign or corrupt bytes.
     */
    static Probe fromBytes(byte[] b) {
        if (b == null) throw new IllegalArgumentException("bytes must not be null");
        if (b.length < 4) throw new IllegalArgumentException("not a probe state: " + b.length + " bytes");
        int tag = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        // OBLP, once LinearProbe's, is now the linear regression MlpProbe's format.
        if (tag == MlpProbe.MAGIC || tag == MlpProbe.LINEAR_MAGIC) return MlpProbe.fromBytes(b);
        throw new IllegalArgumentException(String.format("unknown probe kind tag 0x%08X", tag));
    }
}
