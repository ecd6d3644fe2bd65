package io.ontobridge.streams.trainer;

import java.util.List;

/**
 * Online (cost-weighted) logistic regression probe: an {@link MlpProbe} with no hidden layer and a
 * {@link ProbeLoss.Kind#LOGISTIC} loss, so it shares MlpProbe's standardization, clipping, Adam step, parameter
 * averaging, non-finite guard and state format (it restores through {@link MlpProbe#fromBytes} or
 * {@link Probe#fromBytes}). Parameters start at zero; predict returns the probability that the concept is present.
 */
public final class LogisticProbe {

    private LogisticProbe() {}

    /** LinearProbe's defaults (lr 0.1/sqrt(dimension), batch 32, averaging 0.9) with the given logistic loss. */
    public static MlpProbe create(int dimension, ProbeLoss loss) {
        return create(ProbeSettings.defaults(dimension), loss);
    }

    public static MlpProbe create(ProbeSettings settings, ProbeLoss loss) {
        return MlpProbe.create(settings(settings, loss));
    }

    /** The settings of a logistic probe: no hidden layer; the loss must be LOGISTIC. */
    public static MlpSettings settings(ProbeSettings settings, ProbeLoss loss) {
        if (loss == null || !loss.isLogistic())
            throw new IllegalArgumentException("a logistic probe needs a LOGISTIC loss: " + loss);
        return new MlpSettings(settings, List.of(), loss, MlpSettings.DEFAULT_SEED);
    }
}
