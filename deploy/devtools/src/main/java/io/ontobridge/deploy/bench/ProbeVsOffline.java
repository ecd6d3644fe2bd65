package io.ontobridge.deploy.bench;

import io.ontobridge.platform.concept.ProbeSpec;
import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.learn.RunningStats;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.Score;
import io.ontobridge.streams.trainer.ProbeFactory;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

import java.util.Arrays;
import java.util.List;

/**
 * The online probe after one pass against the offline optimum on the same activations: closed-form ridge
 * regression fitted on every sample the online probe learned from (its ridge strength picked on the last
 * fifth of them), both scored on the same held-out samples, which neither learned from.
 *
 * <p>The online probe is the trainer's own, rebuilt exactly: the probe its spec describes learns the pass's
 * learned samples in the order the trainer took them (the scores topic holds them in that order), as the
 * trainer's does; replay is deterministic, so its predictions are the trainer's, input clipping included
 * (which a snapshot's weights in raw units leave out).
 */
final class ProbeVsOffline {
    /** The online probe's clip on standardized inputs. */
    static final double Z_LIMIT = RunningStats.Z_LIMIT;
    private static final double[] RIDGE_GRID = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10};

    record Figures(double onlinePearson, double offlinePearson, int train, int heldOut) {
        double ratio() {
            return onlinePearson / offlinePearson;
        }
    }

    private ProbeVsOffline() {
    }

    /**
     * @param scores the pass's scores in the order the trainer scored them
     * @return null for a binarized concept (its offline optimum is logistic regression, not ridge)
     */
    static Figures compare(List<Score> scores, ProbeSpec spec) {
        if (spec.binarized() || scores.isEmpty()) {
            return null;
        }
        Probe online = ProbeFactory.fromSpec(spec, Float32Tensors.values(scores.get(0).getActivations()).length);
        for (Score score : scores) {
            if (!score.getHeldOut()) {
                online.learn(Float32Tensors.values(score.getActivations()), score.getFeatureValue());
            }
        }
        return compare(scores, online::predict);
    }

    /** {@code online} (a probe's predictions) against ridge on the same scores. */
    static Figures compare(List<Score> scores, java.util.function.ToDoubleFunction<float[]> online) {
        List<Score> train = scores.stream().filter(s -> !s.getHeldOut()).toList();
        List<Score> heldOut = scores.stream().filter(Score::getHeldOut).toList();
        double[][] xTrain = activations(train);
        double[] yTrain = train.stream().mapToDouble(Score::getFeatureValue).toArray();
        double[][] xHeld = activations(heldOut);
        double[] yHeld = heldOut.stream().mapToDouble(Score::getFeatureValue).toArray();

        double[] predictions = heldOut.stream()
                .mapToDouble(s -> online.applyAsDouble(Float32Tensors.values(s.getActivations()))).toArray();

        // Ridge strength: fit on the first four fifths of the training samples, pick on the rest.
        int split = xTrain.length * 4 / 5;
        double bestLambda = RIDGE_GRID[0];
        double bestPearson = Double.NEGATIVE_INFINITY;
        for (double lambda : RIDGE_GRID) {
            Ridge fit = Ridge.fit(Arrays.copyOf(xTrain, split), Arrays.copyOf(yTrain, split), lambda);
            double r = pearson(fit.predict(Arrays.copyOfRange(xTrain, split, xTrain.length)),
                    Arrays.copyOfRange(yTrain, split, yTrain.length));
            if (r > bestPearson) {
                bestPearson = r;
                bestLambda = lambda;
            }
        }
        double[] offline = Ridge.fit(xTrain, yTrain, bestLambda).predict(xHeld);
        return new Figures(pearson(predictions, yHeld), pearson(offline, yHeld), train.size(), heldOut.size());
    }

    /**
     * Ridge on standardized inputs with an unpenalized intercept; {@code lambda} is per sample. Inputs are
     * standardized with the training set's mean and spread and clipped to +-{@value #Z_LIMIT}, as the online
     * probe clips its standardized inputs: the optimum over the same kind of model, not one that a rarely
     * firing unit's outlier can throw off.
     */
    record Ridge(double[] mean, double[] scale, double[] weights, double intercept) {
        static Ridge fit(double[][] x, double[] y, double lambda) {
            int n = x.length;
            int d = x[0].length;
            double[] mean = new double[d];
            double[] scale = new double[d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j] / n;
                }
            }
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
                }
            }
            for (int j = 0; j < d; j++) {
                scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
            }
            double yMean = Arrays.stream(y).average().orElse(0);
            double[][] z = new double[n][d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    z[i][j] = clip((x[i][j] - mean[j]) / scale[j]);
                }
            }
            RealMatrix zm = new Array2DRowRealMatrix(z, false);
            RealMatrix gram = zm.transpose().multiply(zm);
            for (int j = 0; j < d; j++) {
                gram.addToEntry(j, j, lambda * n);
            }
            RealVector centered = new ArrayRealVector(y).mapSubtract(yMean);
            RealVector w = new CholeskyDecomposition(gram, 1e-12, 1e-14).getSolver()
                    .solve(zm.transpose().operate(centered));
            return new Ridge(mean, scale, w.toArray(), yMean);
        }

        private static double clip(double z) {
            return Math.max(-Z_LIMIT, Math.min(Z_LIMIT, z));
        }

        double[] predict(double[][] x) {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double sum = intercept;
                for (int j = 0; j < weights.length; j++) {
                    sum += weights[j] * clip((x[i][j] - mean[j]) / scale[j]);
                }
                out[i] = sum;
            }
            return out;
        }
    }

    private static double[][] activations(List<Score> scores) {
        return scores.stream().map(s -> {
            float[] v = Float32Tensors.values(s.getActivations());
            double[] row = new double[v.length];
            for (int j = 0; j < v.length; j++) {
                row[j] = v[j];
            }
            return row;
        }).toArray(double[][]::new);
    }


    private static double pearson(double[] a, double[] b) {
        return new PearsonsCorrelation().correlation(a, b);
    }
}
