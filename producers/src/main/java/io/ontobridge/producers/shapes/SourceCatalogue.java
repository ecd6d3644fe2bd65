package io.ontobridge.producers.shapes;

import io.ontobridge.platform.concept.FeatureSpec;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The source model's other concepts, read off the same layer as the feature (the spec's {@code feature.catalogue}):
 * one unit of the read-out, or the source's linear reading of a world factor, fitted once by ridge regression of
 * the factor on the read-outs of world scenes. Every sample carries them, so the monitor can say what sets a group
 * of disagreements apart in the source's own terms, where the samples carry no ground truth too.
 */
final class SourceCatalogue {
    /** Ridge penalty relative to the mean diagonal of the read-outs' covariance: small, against collinear units. */
    private static final double RIDGE = 1e-3;

    private record Reading(String name, double[] weights, double intercept) {
        double of(float[] readout) {
            double value = intercept;
            for (int j = 0; j < weights.length; j++) {
                value += weights[j] * readout[j];
            }
            return value;
        }
    }

    private final List<Reading> readings;

    private SourceCatalogue(List<Reading> readings) {
        this.readings = readings;
    }

    static SourceCatalogue none() {
        return new SourceCatalogue(List.of());
    }

    /**
     * Fits each entry on the read-outs of world scenes and their factors.
     *
     * @param readouts the source layer's read-out of each scene
     * @param factor   the scene's value of a factor by name (IllegalArgumentException for an unknown one)
     */
    static SourceCatalogue fit(List<FeatureSpec.CatalogueEntry> entries, float[][] readouts,
                               List<Map<String, Double>> factors) {
        int d = readouts[0].length;
        List<Reading> readings = new java.util.ArrayList<>();
        for (FeatureSpec.CatalogueEntry entry : entries) {
            if (entry.index() != null) {
                if (entry.index() >= d) {
                    throw new IllegalArgumentException("feature.catalogue: '" + entry.name() + "' names unit "
                            + entry.index() + " of a read-out of " + d + " values");
                }
                double[] w = new double[d];
                w[entry.index()] = 1;
                readings.add(new Reading(entry.name(), w, 0));
                continue;
            }
            ToDoubleFunction<Map<String, Double>> factor = f -> {
                Double v = f.get(entry.factor());
                if (v == null) {
                    throw new IllegalArgumentException("feature.catalogue: '" + entry.name() + "': the world has no"
                            + " factor '" + entry.factor() + "' (factors: " + f.keySet() + ")");
                }
                return v;
            };
            readings.add(ridge(entry.name(), readouts, factors.stream().mapToDouble(factor).toArray()));
        }
        return new SourceCatalogue(List.copyOf(readings));
    }

    /** Least squares with a small ridge, on centred read-outs: w = (X'X + lambda I)^-1 X'y. */
    private static Reading ridge(String name, float[][] x, double[] y) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i][j] / n;
            }
            meanY += y[i] / n;
        }
        RealMatrix gram = new Array2DRowRealMatrix(d, d);
        double[] xty = new double[d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                double xa = x[i][a] - mean[a];
                xty[a] += xa * (y[i] - meanY);
                for (int b = a; b < d; b++) {
                    gram.addToEntry(a, b, xa * (x[i][b] - mean[b]));
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                gram.setEntry(a, b, gram.getEntry(b, a));
            }
            trace += gram.getEntry(a, a);
        }
        double lambda = RIDGE * Math.max(trace / d, 1e-12);
        for (int a = 0; a < d; a++) {
            gram.addToEntry(a, a, lambda);
        }
        double[] w = new CholeskyDecomposition(gram).getSolver().solve(new ArrayRealVector(xty)).toArray();
        double intercept = meanY;
        for (int j = 0; j < d; j++) {
            intercept -= w[j] * mean[j];
        }
        return new Reading(name, w, intercept);
    }

    /** Every concept's value on one read-out, by name; empty without a catalogue. */
    Map<String, Double> valuesOf(float[] readout) {
        if (readings.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Reading reading : readings) {
            values.put(reading.name(), reading.of(readout));
        }
        return values;
    }
}
