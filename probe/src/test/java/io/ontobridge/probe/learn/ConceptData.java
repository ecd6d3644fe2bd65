package io.ontobridge.probe.learn;

import java.util.Random;

/**
 * Test data for concept probes: x ~ N(0, I) in d dimensions and a source feature over two fixed orthonormal
 * directions u, v: {@link #xor} (feature -(u.x)(v.x): concept present, feature > 0, when sign(u.x) != sign(v.x))
 * and {@link #linear} (feature u.x + noise).
 */
final class ConceptData {
    final int dim;
    final double[] u;
    final double[] v;
    private final boolean xor;
    private final double noise;
    private final Random rnd;

    private ConceptData(int dim, long seed, boolean xor, double noise) {
        this.dim = dim;
        this.xor = xor;
        this.noise = noise;
        Random setup = new Random(seed);
        u = unit(gaussian(setup, dim));
        double[] w = gaussian(setup, dim);
        double p = dot(w, u);
        for (int i = 0; i < dim; i++) w[i] -= p * u[i];
        v = unit(w);
        rnd = new Random(seed + 1);
    }

    static ConceptData xor(int dim, long seed) {
        return new ConceptData(dim, seed, true, 0);
    }

    static ConceptData linear(int dim, long seed, double noise) {
        return new ConceptData(dim, seed, false, noise);
    }

    SyntheticRegression.Data draw(int n) {
        float[][] xs = new float[n][dim];
        double[] ys = new double[n];
        for (int k = 0; k < n; k++) {
            double pu = 0, pv = 0;
            for (int i = 0; i < dim; i++) {
                float xi = (float) rnd.nextGaussian();
                xs[k][i] = xi;
                pu += u[i] * xi;
                pv += v[i] * xi;
            }
            ys[k] = xor ? -pu * pv : pu + noise * rnd.nextGaussian();
        }
        return new SyntheticRegression.Data(xs, ys);
    }

    static int[] labels(double[] y, double threshold) {
        int[] t = new int[y.length];
        for (int i = 0; i < y.length; i++) t[i] = y[i] >= threshold ? 1 : 0;
        return t;
    }

    static double[] predictAll(Probe p, SyntheticRegression.Data d) {
        double[] s = new double[d.size()];
        for (int i = 0; i < s.length; i++) s[i] = p.predict(d.x()[i]);
        return s;
    }

    static void learnAll(Probe p, SyntheticRegression.Data d, int passes) {
        for (int e = 0; e < passes; e++)
            for (int i = 0; i < d.size(); i++) p.learn(d.x()[i], d.y()[i]);
    }

    private static double[] gaussian(Random r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return a;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double[] unit(double[] a) {
        double n = Math.sqrt(dot(a, a));
        for (int i = 0; i < a.length; i++) a[i] /= n;
        return a;
    }
}
