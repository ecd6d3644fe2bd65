package io.ontobridge.streams.trainer;

import io.ontobridge.platform.concept.ProbeSpec;

import java.util.List;
import java.util.Locale;

/**
 * Creates probes from the concept spec's words: kind {@code linear|mlp}, hidden sizes, loss
 * {@code squared|logistic}, threshold and costs.
 *
 * <ul>
 *   <li>linear + squared: {@link LinearProbe} (the existing regression probe);</li>
 *   <li>linear + logistic: {@link LogisticProbe} (an MlpProbe without hidden layers);</li>
 *   <li>mlp + either loss: {@link MlpProbe} with the hidden sizes.</li>
 * </ul>
 */
public final class Probes {

    private Probes() {}

    /**
     * @param kind   "linear" or "mlp"
     * @param dimension number of input features
     * @param hidden hidden sizes for "mlp" (non-empty); ignored for "linear"
     * @param loss   the objective
     */
    public static Probe create(String kind, int dimension, List<Integer> hidden, ProbeLoss loss) {
        String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "linear" -> linear(dimension, loss);
            case "mlp" -> {
                if (hidden == null || hidden.isEmpty())
                    throw new IllegalArgumentException("an mlp probe needs at least one hidden layer");
                yield MlpProbe.create(MlpSettings.defaults(dimension, hidden, loss));
            }
            default -> throw new IllegalArgumentException("unknown probe kind '" + kind + "' (linear|mlp)");
        };
    }

    /** A linear probe with default settings: LinearProbe for SQUARED, LogisticProbe for LOGISTIC. */
    public static Probe linear(int dimension, ProbeLoss loss) {
        return loss.isLogistic()
                ? LogisticProbe.create(dimension, loss)
                : LinearProbe.create(ProbeSettings.defaults(dimension));
    }

    /** The objective a probe spec asks for. */
    public static ProbeLoss loss(ProbeSpec p) {
        return p.binarized() ? ProbeLoss.logistic(p.threshold(), p.falsePositiveCost(), p.falseNegativeCost())
                : ProbeLoss.squared();
    }

    /**
     * A fresh probe for a read-out of {@code dimension} values, as the spec describes it: linear (squared or
     * logistic loss) or an MLP. Left out, the learning rate follows the dimension, so baselines get their own.
     */
    public static Probe fromSpec(ProbeSpec p, int dimension) {
        ProbeLoss loss = loss(p);
        if (p.kind().equals("mlp")) {
            MlpSettings mlp = MlpSettings.defaults(dimension, p.hidden(), loss);
            ProbeSettings base = mlp.base().withBatchSize(p.batchSize());
            return MlpProbe.create(mlp.withBase(p.learningRate() == null ? base : base.withLearningRate(p.learningRate())));
        }
        double rate = p.learningRate() != null ? p.learningRate() : ProbeSettings.defaultLearningRate(dimension);
        ProbeSettings settings = new ProbeSettings(dimension, rate, p.batchSize());
        return loss.isLogistic() ? LogisticProbe.create(settings, loss) : LinearProbe.create(settings);
    }
}
