package io.ontobridge.models.lm;

import io.ontobridge.models.feature.SourceFeature;
import io.ontobridge.platform.concept.Pooling;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each factor of a text world lives in a language model's residual stream, as the image zoo's
 * introspection finds which latent unit tracks which factor: for every layer (pooled) and factor, how much of the
 * factor a linear read-out recovers on held-out texts.
 * <ul>
 *   <li>ridge R^2: least squares on standardized read-outs (a small ridge), fitted on the first texts, scored on
 *       the rest: the best a linear probe does;</li>
 *   <li>direction r: for a 0/1 factor, the held-out Pearson r of the projection on the Fisher direction between
 *       its two classes ({@link SourceFeature#contrast} with whitening): what a {@code direction} feature with
 *       {@code factor} and {@code whiten: true} reads.</li>
 * </ul>
 * {@code resid.0} is the bag of words (token and position embeddings): a factor it recovers is lexical.
 */
public final class LmIntrospection {
    /** The ridge, as a share of the mean variance of a standardized read-out (1): light, for stability only. */
    private static final double RIDGE = 1e-3;

    private LmIntrospection() {
    }

    /** One layer and factor: the held-out ridge R^2, and the direction's r (NaN for a factor that is not 0/1). */
    public record Cell(String layer, String factor, double ridgeR2, double directionR) {
    }

    public record Result(int fitted, int heldOut, Pooling pooling, List<String> layers, List<String> factors,
                         List<Cell> cells) {
        public Cell cell(String layer, String factor) {
            return cells.stream().filter(c -> c.layer().equals(layer) && c.factor().equals(factor)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no cell " + layer + " / " + factor));
        }
    }

    /**
     * Reads every layer of {@code model} on {@code texts} and scores each factor.
     *
     * @param factors per text, its factors by name; every name in {@code names} must be present
     * @param fit     how many of the texts fit the read-outs; the rest score them
     */
    public static Result run(LanguageModel model, List<String> texts, List<Map<String, Double>> factors,
                             List<String> names, Pooling pooling, int fit) {
        if (fit < 10 || texts.size() - fit < 10 || texts.size() != factors.size()) {
            throw new IllegalArgumentException("introspection needs >= 10 texts to fit and >= 10 to score, with factors for each");
        }
        Map<String, float[][]> reads = model.read(texts, model.layerNames(), pooling, null);
        List<Cell> cells = new ArrayList<>();
        for (String layer : model.layerNames()) {
            double[][] x = standardized(reads.get(layer), fit);
            for (String name : names) {
                double[] y = factors.stream().mapToDouble(f -> {
                    Double v = f.get(name);
                    if (v == null) {
                        throw new IllegalArgumentException("a text has no factor '" + name + "' (factors: " + f.keySet() + ")");
                    }
                    return v;
                }).toArray();
                cells.add(new Cell(layer, name, ridgeR2(x, y, fit), directionR(reads.get(layer), y, fit)));
            }
        }
        return new Result(fit, texts.size() - fit, pooling, model.layerNames(), List.copyOf(names), cells);
    }

    /** Each column centred and scaled by the fitted part's mean and standard deviation. */
    private static double[][] standardized(float[][] x, int fit) {
        int d = x[0].length;
        double[][] out = new double[x.length][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < fit; i++) {
                mean += x[i][j];
            }
            mean /= fit;
            for (int i = 0; i < fit; i++) {
                sq += (x[i][j] - mean) * (x[i][j] - mean);
            }
            double sd = Math.sqrt(sq / fit) + 1e-9;
            for (int i = 0; i < x.length; i++) {
                out[i][j] = (x[i][j] - mean) / sd;
            }
        }
        return out;
    }

    static double ridgeR2(double[][] x, double[] y, int fit) {
        int d = x[0].length;
        double meanY = 0;
        for (int i = 0; i < fit; i++) {
            meanY += y[i] / fit;
        }
        Array2DRowRealMatrix gram = new Array2DRowRealMatrix(d, d);
        double[] xty = new double[d];
        for (int i = 0; i < fit; i++) {
            for (int a = 0; a < d; a++) {
                xty[a] += x[i][a] * (y[i] - meanY);
                for (int b = 0; b < d; b++) {
                    gram.addToEntry(a, b, x[i][a] * x[i][b]);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            gram.addToEntry(a, a, RIDGE * fit);
        }
        double[] w = new CholeskyDecomposition(gram).getSolver().solve(new ArrayRealVector(xty)).toArray();
        double residual = 0;
        double total = 0;
        double heldMean = 0;
        for (int i = fit; i < y.length; i++) {
            heldMean += y[i] / (y.length - fit);
        }
        for (int i = fit; i < y.length; i++) {
            double p = meanY;
            for (int a = 0; a < d; a++) {
                p += w[a] * x[i][a];
            }
            residual += (p - y[i]) * (p - y[i]);
            total += (y[i] - heldMean) * (y[i] - heldMean);
        }
        return total == 0 ? Double.NaN : 1 - residual / total;
    }

    private static double directionR(float[][] x, double[] y, int fit) {
        List<float[]> positive = new ArrayList<>();
        List<float[]> negative = new ArrayList<>();
        for (int i = 0; i < fit; i++) {
            if (y[i] != 0 && y[i] != 1) {
                return Double.NaN;
            }
            (y[i] == 1 ? positive : negative).add(x[i]);
        }
        if (positive.size() < 2 || negative.size() < 2) {
            return Double.NaN;
        }
        SourceFeature direction = SourceFeature.contrast(positive.toArray(float[][]::new), negative.toArray(float[][]::new), true);
        double[] projected = new double[y.length - fit];
        for (int i = fit; i < y.length; i++) {
            projected[i - fit] = direction.valueOf(x[i]);
        }
        return new PearsonsCorrelation().correlation(projected, java.util.Arrays.copyOfRange(y, fit, y.length));
    }

    /** The result as a table: a row per factor, per layer "R^2 / r". */
    public static String table(Result result) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-12s", "factor"));
        for (String layer : result.layers()) {
            out.append(String.format(Locale.ROOT, " | %-15s", layer));
        }
        out.append('\n');
        for (String factor : result.factors()) {
            out.append(String.format(Locale.ROOT, "%-12s", factor));
            for (String layer : result.layers()) {
                Cell c = result.cell(layer, factor);
                String r = Double.isNaN(c.directionR()) ? "   -" : String.format(Locale.ROOT, "%+.2f", c.directionR());
                out.append(String.format(Locale.ROOT, " | R2 %+.2f r %s", c.ridgeR2(), r));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
