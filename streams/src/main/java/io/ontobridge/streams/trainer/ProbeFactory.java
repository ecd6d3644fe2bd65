package io.ontobridge.streams.trainer;

import io.ontobridge.platform.concept.ProbeSpec;
import io.ontobridge.probe.Probes;
import io.ontobridge.probe.learn.MlpProbe;
import io.ontobridge.probe.learn.MlpSettings;
import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.learn.ProbeLoss;
import io.ontobridge.probe.learn.ProbeSettings;

/**
 * The probe a concept spec describes: the mapping from the platform's {@link ProbeSpec} to the probe library's
 * settings, which knows nothing of specs ({@link Probes} makes the probes).
 */
public final class ProbeFactory {

    private ProbeFactory() {}

    /** The objective a probe spec asks for. */
    public static ProbeLoss loss(ProbeSpec p) {
        if (p.binarized()) {
            return ProbeLoss.logistic(p.threshold(), p.falsePositiveCost(), p.falseNegativeCost());
        }
        return p.loss().equals("huber") ? ProbeLoss.huber(ProbeLoss.DEFAULT_HUBER_DELTA) : ProbeLoss.squared();
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
        return Probes.linear(new ProbeSettings(dimension, rate, p.batchSize()), loss);
    }
}
