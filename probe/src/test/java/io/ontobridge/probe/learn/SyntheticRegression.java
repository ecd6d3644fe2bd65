package io.ontobridge.probe.learn;

import java.util.Random;

/**
 * Test data: y = a.x + c + noise with x ~ N(mu, diag sigma^2) (scales from 0.01 to 100 per dimension), or, with
 * {@code latentFactors > 0}, correlated x = mu + sigma * (L u + 0.1 e) that is low-rank like sentence embeddings.
 */
final class SyntheticRegression {
    final int dim;
    final double[] mu;
    final double[] sigma;
    final double[] a;
    final double c;
    final double noiseStd;
    private final double[][] loadings; // dim x k, null when independent
    private final Random rnd;

    SyntheticRegression(int dim, long seed, int latentFactors) {
        this.dim = dim;
        Random setup = new Random(seed);
        mu = new double[dim];
        sigma = new double[dim];
        a = new double[dim];
        for (int i = 0; i < dim; i++) {
            mu[i] = setup.nextGaussian() * 50;
            sigma[i] = Math.pow(10, -2 + 4 * setup.nextDouble());
            a[i] = setup.nextGaussian() / sigma[i]; // every dimension matters about equally
        }
        if (latentFactors > 0) {
            loadings = new double[dim][latentFactors];
            for (double[] row : loadings)
                for (int k = 0; k < latentFactors; k++) row[k] = setup.nextGaussian() / Math.sqrt(latentFactors);
        } else {
            loadings = null;
        }
        c = 7.5;
        // Noise such that the best possible R^2 is about 0.98.
        Random probe = new Random(seed + 1);
        int draws = 2000;
        double sum = 0, sum2 = 0;
        for (int n = 0; n < draws; n++) {
            double s = dot(a, nextXTo(probe)) + c;
            sum += s;
            sum2 += s * s;
        }
        double signalVar = sum2 / draws - Math.pow(sum / draws, 2);
        noiseStd = Math.sqrt(signalVar / 49.0);
        rnd = new Random(seed + 2);
    }

    private double[] nextXTo(Random r) {
        double[] x = new double[dim];
        if (loadings == null) {
            for (int i = 0; i < dim; i++) x[i] = mu[i] + sigma[i] * r.nextGaussian();
        } else {
            int k = loadings[0].length;
            double[] u = new double[k];
            for (int j = 0; j < k; j++) u[j] = r.nextGaussian();
            for (int i = 0; i < dim; i++) {
                double v = 0.1 * r.nextGaussian();
                for (int j = 0; j < k; j++) v += loadings[i][j] * u[j];
                x[i] = mu[i] + sigma[i] * v;
            }
        }
        return x;
    }

    static double dot(double[] a, double[] x) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * x[i];
        return s;
    }

    /** Draws n samples: xs[n][dim] (as floats) and ys[n]. */
    Data draw(int n) {
        float[][] xs = new float[n][dim];
        double[] ys = new double[n];
        for (int k = 0; k < n; k++) {
            double[] x = nextXTo(rnd);
            for (int i = 0; i < dim; i++) xs[k][i] = (float) x[i];
            double y = c + noiseStd * rnd.nextGaussian();
            for (int i = 0; i < dim; i++) y += a[i] * xs[k][i];
            ys[k] = y;
        }
        return new Data(xs, ys);
    }

    record Data(float[][] x, double[] y) {
        int size() {
            return y.length;
        }
    }

    // ------------------------------------------------------------------ metrics and closed form

    static double pearson(double[] p, double[] y) {
        int n = p.length;
        double mp = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mp += p[i];
            my += y[i];
        }
        mp /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (p[i] - mp) * (y[i] - my);
            sxx += (p[i] - mp) * (p[i] - mp);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    static double r2(double[] p, double[] y) {
        double my = 0;
        for (double v : y) my += v;
        my /= y.length;
        double ssr = 0, sst = 0;
        for (int i = 0; i < y.length; i++) {
            ssr += (y[i] - p[i]) * (y[i] - p[i]);
            sst += (y[i] - my) * (y[i] - my);
        }
        return 1 - ssr / sst;
    }

    static double[] predictAll(Probe probe, Data d) {
        double[] p = new double[d.size()];
        for (int i = 0; i < p.length; i++) p[i] = probe.predict(d.x()[i]);
        return p;
    }

    /**
     * Closed-form least squares on the first n training rows (standardized, with a tiny ridge for stability),
     * returned as a predictor over raw x. Normal equations solved by Cholesky in double.
     */
    static java.util.function.ToDoubleFunction<float[]> leastSquares(Data train, int n, double ridge) {
        int d = train.x()[0].length;
        double[] m = new double[d], s = new double[d];
        double my = 0;
        for (int k = 0; k < n; k++) {
            my += train.y()[k];
            for (int i = 0; i < d; i++) m[i] += train.x()[k][i];
        }
        my /= n;
        for (int i = 0; i < d; i++) m[i] /= n;
        for (int k = 0; k < n; k++)
            for (int i = 0; i < d; i++) s[i] += Math.pow(train.x()[k][i] - m[i], 2);
        for (int i = 0; i < d; i++) s[i] = Math.sqrt(s[i] / n);
        double[][] a = new double[d][d];
        double[] rhs = new double[d];
        double[] z = new double[d];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) z[i] = (train.x()[k][i] - m[i]) / s[i];
            double yc = train.y()[k] - my;
            for (int i = 0; i < d; i++) {
                rhs[i] += z[i] * yc;
                for (int j = 0; j <= i; j++) a[i][j] += z[i] * z[j];
            }
        }
        for (int i = 0; i < d; i++) a[i][i] += ridge * n;
        // Cholesky: a = L L^T, stored in the lower triangle.
        for (int j = 0; j < d; j++) {
            double sum = a[j][j];
            for (int k = 0; k < j; k++) sum -= a[j][k] * a[j][k];
            a[j][j] = Math.sqrt(sum);
            for (int i = j + 1; i < d; i++) {
                double v = a[i][j];
                for (int k = 0; k < j; k++) v -= a[i][k] * a[j][k];
                a[i][j] = v / a[j][j];
            }
        }
        double[] w = rhs.clone();
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < i; k++) w[i] -= a[i][k] * w[k];
            w[i] /= a[i][i];
        }
        for (int i = d - 1; i >= 0; i--) {
            for (int k = i + 1; k < d; k++) w[i] -= a[k][i] * w[k];
            w[i] /= a[i][i];
        }
        double fy = my;
        return x -> {
            double r = fy;
            for (int i = 0; i < d; i++) r += w[i] * (x[i] - m[i]) / s[i];
            return r;
        };
    }

    static double[] predictAll(java.util.function.ToDoubleFunction<float[]> f, Data d) {
        double[] p = new double[d.size()];
        for (int i = 0; i < p.length; i++) p[i] = f.applyAsDouble(d.x()[i]);
        return p;
    }

    /** Predictions of the true generating model (noise-free). */
    double[] truth(Data d) {
        double[] p = new double[d.size()];
        for (int k = 0; k < p.length; k++) {
            double y = c;
            for (int i = 0; i < dim; i++) y += a[i] * d.x()[k][i];
            p[k] = y;
        }
        return p;
    }
}
