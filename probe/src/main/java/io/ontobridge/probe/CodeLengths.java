package io.ontobridge.probe;

import io.ontobridge.probe.learn.ProbeLoss;
import io.ontobridge.probe.metrics.PrequentialCode;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The prequential code lengths ({@link PrequentialCode}, minimum description length) of a concept probe and of
 * what it is compared with, over the same learned samples: the probe, its control task (on the control targets),
 * the difference-of-means baseline and each baseline read-out's probe. Each sample is coded by every one of them
 * before any learns it, and only samples that carry a control target are coded, so the codes cover the very same
 * samples (a baseline read-out first seen later covers fewer: its {@code n} says so).
 *
 * <p>A binarized concept is coded by cross-entropy on its labels, a logistic probe's cost-weighted output read as
 * the unweighted posterior ({@link ProbeLoss#posterior}); real-valued codes are reported at one precision, the
 * feature's: the standard deviation of the learned feature values over {@value PrequentialCode#BINS_PER_SD}
 * ({@link #precision()}).
 */
public final class CodeLengths {
    private final ProbeLoss loss;
    private final PrequentialCode probe;
    private final PrequentialCode control;
    private final PrequentialCode diffMeans;
    private final Map<String, PrequentialCode> baselines = new TreeMap<>();

    private CodeLengths(ProbeLoss loss, PrequentialCode probe, PrequentialCode control, PrequentialCode diffMeans) {
        this.loss = loss;
        this.probe = probe;
        this.control = control;
        this.diffMeans = diffMeans;
    }

    /** @param loss the concept probe's: a logistic loss makes the codes cross-entropy codes */
    CodeLengths(ProbeLoss loss) {
        this(loss, code(loss), code(loss), code(loss));
    }

    private static PrequentialCode code(ProbeLoss loss) {
        return loss.isLogistic() ? PrequentialCode.crossEntropy() : PrequentialCode.gaussian();
    }

    /**
     * One learned sample, coded by each read-out's prediction made before any of them learned it.
     *
     * @param featureValue        the source feature's value
     * @param controlTarget       the control task's target (a feature value of an earlier sample)
     * @param diffMeansPrediction the difference of means' (already a probability for a binarized concept)
     * @param predictions         each baseline read-out probe's, by name
     */
    void code(double probePrediction, double featureValue, double controlPrediction, double controlTarget,
              double diffMeansPrediction, Map<String, Double> predictions) {
        double target = truth(featureValue);
        probe.add(probability(probePrediction), target);
        control.add(probability(controlPrediction), truth(controlTarget));
        diffMeans.add(diffMeansPrediction, target);
        predictions.forEach((name, prediction) -> baselines.computeIfAbsent(name, n -> code(loss))
                .add(probability(prediction), target));
    }

    private double truth(double featureValue) {
        return loss.isLogistic() ? loss.label(featureValue) : featureValue;
    }

    /** A probe's prediction as the code reads it: for a logistic probe the unweighted posterior. */
    private double probability(double prediction) {
        return loss.isLogistic() ? loss.posterior(prediction) : prediction;
    }

    /**
     * The precision real-valued codes are reported at, in the feature's units: its standard deviation over the
     * learned samples divided by {@value PrequentialCode#BINS_PER_SD}; 1 (unused) for a binarized concept; NaN
     * while unknown.
     */
    public double precision() {
        return probe.precision();
    }

    public boolean binary() {
        return loss.isLogistic();
    }

    public PrequentialCode probe() {
        return probe;
    }

    public PrequentialCode control() {
        return control;
    }

    public PrequentialCode diffMeans() {
        return diffMeans;
    }

    /** Each baseline read-out's code, by name (sorted; read-only). */
    public Map<String, PrequentialCode> baselines() {
        return Collections.unmodifiableMap(baselines);
    }

    /** The probe's, control's and difference-of-means codes, then the count and each (name, code). */
    void write(StateWriter out) {
        probe.write(out);
        control.write(out);
        diffMeans.write(out);
        out.writeInt(baselines.size());
        baselines.forEach((name, code) -> {
            out.writeUtf(name);
            code.write(out);
        });
    }

    static CodeLengths read(StateReader in, ProbeLoss loss) {
        CodeLengths codes = new CodeLengths(loss, PrequentialCode.read(in), PrequentialCode.read(in),
                PrequentialCode.read(in));
        int count = in.readCount("baseline code count", in.remaining());
        for (int i = 0; i < count; i++) {
            codes.baselines.put(in.readUtf(), PrequentialCode.read(in));
        }
        return codes;
    }
}
