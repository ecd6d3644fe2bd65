package io.ontobridge.deploy.zoo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.models.zoo.Stats;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Closed-form ridge regression for offline probe studies. Inputs are standardized with the fit data's
 * statistics and near-constant columns (SD below {@link #MIN_SD}, e.g. dead ReLU units) are dropped;
 * the penalty {@code alpha * n} is chosen among {@link #ALPHAS} on the last 20% of the fit data, then
 * the model is refitted on all of it. The Gram matrix is formed with DJL (PyTorch, float32), solved by
 * Cholesky in double; the dual form is used when there are more columns than rows.
 */
public final class Ridge {
    public static final double MIN_SD = 1e-4;
    static final double[] ALPHAS = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10};

    private final int[] keep;
    private final double[] mean;
    private final double[] sd;
    private final double[] w;
    private final double intercept;
    private final double alpha;

    private Ridge(int[] keep, double[] mean, double[] sd, double[] w, double intercept, double alpha) {
        this.keep = keep;
        this.mean = mean;
        this.sd = sd;
        this.w = w;
        this.intercept = intercept;
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    /** Fits with the penalty chosen on an inner 80/20 split. */
    public static Ridge fit(float[][] x, double[] y) {
        return fit(x, new double[][] {y}).get(0);
    }

    /** One fit per target (they share the Gram matrix), each with its penalty chosen on an inner 80/20 split. */
    public static List<Ridge> fit(float[][] x, double[][] ys) {
        int n = x.length;
        int cut = (int) (n * 0.8);
        float[][] xa = java.util.Arrays.copyOfRange(x, 0, cut);
        float[][] xb = java.util.Arrays.copyOfRange(x, cut, n);
        double[][] ya = new double[ys.length][];
        double[] bestAlpha = new double[ys.length];
        for (int t = 0; t < ys.length; t++) {
            ya[t] = java.util.Arrays.copyOfRange(ys[t], 0, cut);
        }
        List<List<Ridge>> inner = fitAll(xa, ya, ALPHAS);
        for (int t = 0; t < ys.length; t++) {
            double[] yb = java.util.Arrays.copyOfRange(ys[t], cut, n);
            double bestR2 = Double.NEGATIVE_INFINITY;
            for (List<Ridge> perAlpha : inner) {
                Ridge r = perAlpha.get(t);
                double r2 = Stats.r2(yb, r.predict(xb));
                if (r2 > bestR2) {
                    bestR2 = r2;
                    bestAlpha[t] = r.alpha;
                }
            }
        }
        double[] distinct = java.util.Arrays.stream(bestAlpha).distinct().toArray();
        List<List<Ridge>> outer = fitAll(x, ys, distinct);
        List<Ridge> result = new ArrayList<>();
        for (int t = 0; t < ys.length; t++) {
            int a = 0;
            while (distinct[a] != bestAlpha[t]) {
                a++;
            }
            result.add(outer.get(a).get(t));
        }
        return result;
    }

    /** Fits per penalty factor (penalty = alpha * rows), per target: result[alpha][target]. */
    static List<List<Ridge>> fitAll(float[][] x, double[][] ys, double[] alphas) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                double v = row[j] - mean[j];
                sd[j] += v * v;
            }
        }
        List<Integer> kept = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j] / n);
            if (sd[j] >= MIN_SD) {
                kept.add(j);
            }
        }
        int[] keep = kept.stream().mapToInt(Integer::intValue).toArray();
        int k = keep.length;
        float[] z = standardize(x, keep, mean, sd);
        int targets = ys.length;
        double[] ym = new double[targets];
        double[][] yc = new double[targets][n];
        for (int t = 0; t < targets; t++) {
            for (double v : ys[t]) {
                ym[t] += v;
            }
            ym[t] /= n;
            for (int i = 0; i < n; i++) {
                yc[t][i] = ys[t][i] - ym[t];
            }
        }
        boolean dual = k > n;
        double[][] gram;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), ShapesModel.ENGINE)) {
            NDArray zm = m.create(FloatBuffer.wrap(z), new Shape(n, k));
            NDArray g = dual ? zm.matMul(zm.transpose()) : zm.transpose().matMul(zm);
            int s = dual ? n : k;
            float[] flat = g.toFloatArray();
            gram = new double[s][s];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    gram[i][j] = flat[i * s + j];
                }
            }
        }
        // Z^T y (primal right-hand sides)
        double[][] zty = new double[targets][k];
        for (int t = 0; t < targets; t++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    zty[t][j] += z[i * k + j] * yc[t][i];
                }
            }
        }
        List<List<Ridge>> fits = new ArrayList<>();
        for (double alpha : alphas) {
            double[][] l = cholesky(gram, alpha * n);
            List<Ridge> perTarget = new ArrayList<>();
            for (int t = 0; t < targets; t++) {
                double[] w;
                if (dual) {
                    double[] c = solve(l, yc[t]);
                    w = new double[k];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < k; j++) {
                            w[j] += z[i * k + j] * c[i];
                        }
                    }
                } else {
                    w = solve(l, zty[t]);
                }
                perTarget.add(new Ridge(keep, mean, sd, w, ym[t], alpha));
            }
            fits.add(perTarget);
        }
        return fits;
    }

    private static float[] standardize(float[][] x, int[] keep, double[] mean, double[] sd) {
        int k = keep.length;
        float[] z = new float[x.length * k];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < k; j++) {
                int c = keep[j];
                z[i * k + j] = (float) ((x[i][c] - mean[c]) / sd[c]);
            }
        }
        return z;
    }

    /** The lower Cholesky factor of {@code a + lambda I} (a symmetric positive semi-definite). */
    static double[][] cholesky(double[][] a, double lambda) {
        int s = a.length;
        double[][] l = new double[s][];
        for (int i = 0; i < s; i++) {
            l[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j] + (i == j ? lambda : 0);
                double[] li = l[i], lj = l[j];
                for (int p = 0; p < j; p++) {
                    sum -= li[p] * lj[p];
                }
                if (i == j) {
                    li[i] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    li[j] = sum / lj[j];
                }
            }
        }
        return l;
    }

    /** Solves {@code L L^T v = b}. */
    static double[] solve(double[][] l, double[] b) {
        int s = b.length;
        double[] v = new double[s];
        for (int i = 0; i < s; i++) {
            double sum = b[i];
            for (int p = 0; p < i; p++) {
                sum -= l[i][p] * v[p];
            }
            v[i] = sum / l[i][i];
        }
        for (int i = s - 1; i >= 0; i--) {
            double sum = v[i];
            for (int p = i + 1; p < s; p++) {
                sum -= l[p][i] * v[p];
            }
            v[i] = sum / l[i][i];
        }
        return v;
    }

    public double[] predict(float[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = intercept;
            for (int j = 0; j < keep.length; j++) {
                int c = keep[j];
                s += w[j] * (x[i][c] - mean[c]) / sd[c];
            }
            out[i] = s;
        }
        return out;
    }
}
