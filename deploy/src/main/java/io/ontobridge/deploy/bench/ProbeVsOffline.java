package io.ontobridge.deploy.bench;

import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.ProbeSnapshot;
import io.ontobridge.schema.Score;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

import java.util.List;

/**
 * The online probe after one pass against the offline optimum on the same activations: closed-form ridge
 * regression fitted on every sample the online probe learned from (its ridge strength picked on the last
 * fifth of them), both scored on the same held-out samples, which neither learned from.
 */
final class ProbeVsOffline {
    private static final double[] RIDGE_GRID = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10};

    record Figures(double onlinePearson, double offlinePearson, int train, int heldOut) {
        double ratio() {
            return onlinePearson / offlinePearson;
        }
    }

    private ProbeVsOffline() {
    }

    /** Null when the probe is not linear (its snapshot weights would not be the whole probe). */
    static Figures compare(List<Score> scores, ProbeSnapshot probe) {
        if (!probe.getKind().equals("linear")) {
            return null;
        }
        List<Score> train = scores.stream().filter(s -> !s.getHeldOut()).toList();
        List<Score> heldOut = scores.stream().filter(Score::getHeldOut).toList();
        double[][] xTrain = activations(train);
        double[] yTrain = train.stream().mapToDouble(Score::getFeatureValue).toArray();
        double[][] xHeld = activations(heldOut);
        double[] yHeld = heldOut.stream().mapToDouble(Score::getFeatureValue).toArray();

        float[] weights = Float32Tensors.values(probe.getWeights());
        double[] online = new double[xHeld.length];
        for (int i = 0; i < xHeld.length; i++) {
            online[i] = probe.getBias() + dot(weights, xHeld[i]);
        }

        // Ridge strength: fit on the first four fifths of the training samples, pick on the rest.
        int split = xTrain.length * 4 / 5;
        double bestLambda = RIDGE_GRID[0];
        double bestPearson = Double.NEGATIVE_INFINITY;
        for (double lambda : RIDGE_GRID) {
            Ridge fit = Ridge.fit(java.util.Arrays.copyOf(xTrain, split), java.util.Arrays.copyOf(yTrain, split), lambda);
            double r = pearson(fit.predict(java.util.Arrays.copyOfRange(xTrain, split, xTrain.length)),
                    java.util.Arrays.copyOfRange(yTrain, split, yTrain.length));
            if (r > bestPearson) {
                bestPearson = r;
                bestLambda = lambda;
            }
        }
        double[] offline = Ridge.fit(xTrain, yTrain, bestLambda).predict(xHeld);
        return new Figures(pearson(online, yHeld), pearson(offline, yHeld), train.size(), heldOut.size());
    }

    /** Ridge on standardized inputs with an unpenalized intercept; {@code lambda} is per sample. */
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
            double yMean = java.util.Arrays.stream(y).average().orElse(0);
            double[][] z = new double[n][d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    z[i][j] = (x[i][j] - mean[j]) / scale[j];
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

        double[] predict(double[][] x) {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double sum = intercept;
                for (int j = 0; j < weights.length; j++) {
                    sum += weights[j] * (x[i][j] - mean[j]) / scale[j];
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

    private static double dot(float[] w, double[] x) {
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
            sum += w[j] * x[j];
        }
        return sum;
    }

    private static double pearson(double[] a, double[] b) {
        return new PearsonsCorrelation().correlation(a, b);
    }
}
