package io.ontobridge.streams.trainer;

import io.ontobridge.platform.concept.ProbeSpec;

import java.util.List;
import java.util.Locale;

/**
 * Creates probes from the concept spec's words: kind {@code linear|mlp}, hidden sizes, loss
 * {@code squared|logistic}, threshold and costs. Every probe is an {@link MlpProbe}:
 *
 * <ul>
 *   <li>linear + squared: no hidden layer, online linear regression ({@link #linear(ProbeSettings)});</li>
 *   <li>linear + logistic: no hidden layer, online (cost-weighted) logistic regression ({@link #logistic});</li>
 *   <li>mlp + either loss: the hidden sizes.</li>
 * </ul>
 *
 * A probe without hidden layers starts at zero and by default takes lr 0.1/sqrt(dimension), batch 32 and
 * parameter averaging 0.9 ({@link ProbeSettings#defaults}).
 */
public final class Probes {

    private Probes() {}

    /**
     * @param kind   "linear" or "mlp"
     * @param dimension number of input features
     * @param hidden hidden sizes for "mlp" (non-empty); ignored for "linear"
     * @param loss   the objective
     */
    public static MlpProbe create(String kind, int dimension, List<Integer> hidden, ProbeLoss loss) {
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

    /** A probe without hidden layers with the default settings and the given loss (linear or logistic regression). */
    public static MlpProbe linear(int dimension, ProbeLoss loss) {
        return linear(ProbeSettings.defaults(dimension), loss);
    }

    /** A probe without hidden layers with the given settings and loss. */
    public static MlpProbe linear(ProbeSettings settings, ProbeLoss loss) {
        return MlpProbe.create(new MlpSettings(settings, List.of(), loss, MlpSettings.DEFAULT_SEED));
    }

    /** The linear regression probe (no hidden layer, squared loss) with the given settings. */
    public static MlpProbe linear(ProbeSettings settings) {
        return linear(settings, ProbeLoss.squared());
    }

    /** The logistic regression probe with the linear defaults (lr 0.1/sqrt(dimension), batch 32, averaging 0.9). */
    public static MlpProbe logistic(int dimension, ProbeLoss loss) {
        return logistic(ProbeSettings.defaults(dimension), loss);
    }

    /** The logistic regression probe with the given settings; the loss must be LOGISTIC. */
    public static MlpProbe logistic(ProbeSettings settings, ProbeLoss loss) {
        return MlpProbe.create(logisticSettings(settings, loss));
    }

    /** The settings of a logistic regression probe: no hidden layer; the loss must be LOGISTIC. */
    public static MlpSettings logisticSettings(ProbeSettings settings, ProbeLoss loss) {
        if (loss == null || !loss.isLogistic())
            throw new IllegalArgumentException("a logistic probe needs a LOGISTIC loss: " + loss);
        return new MlpSettings(settings, List.of(), loss, MlpSettings.DEFAULT_SEED);
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
        return linear(new ProbeSettings(dimension, rate, p.batchSize()), loss);
    }
}
