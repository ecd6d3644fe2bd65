package io.ontobridge.probe;

import io.ontobridge.probe.learn.MlpProbe;
import io.ontobridge.probe.learn.MlpSettings;
import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.learn.ProbeLoss;
import io.ontobridge.probe.learn.ProbeSettings;

import java.util.List;
import java.util.Locale;

/**
 * Creates probes from a concept spec's words: kind {@code linear|mlp}, hidden sizes, loss {@code squared|logistic}
 * (with threshold and costs, see {@link ProbeLoss}). Every probe is an {@link MlpProbe}:
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

    /**
     * A probe's kind as snapshots name it: linear (no hidden layer, squared loss), logistic (no hidden layer,
     * logistic loss) or mlp.
     */
    public static String kind(Probe probe) {
        if (probe instanceof MlpProbe mlp && mlp.isLinear()) {
            return mlp.loss().isLogistic() ? "logistic" : "linear";
        }
        return "mlp";
    }
}
