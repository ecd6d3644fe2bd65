package io.ontobridge.models.feature;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.FeatureSpec;
import io.ontobridge.platform.kafka.DeadLetters;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The concept as the source model holds it: a linear read-out of the source layer, its value on a
 * sample being {@code direction . activation} (a single unit is the one-hot direction).
 */
public final class SourceFeature {
    private final float[] direction;

    private SourceFeature(float[] direction) {
        this.direction = direction;
    }

    /**
     * Builds the feature a spec describes. {@code encode} maps texts to source read-outs (used for the
     * contrasting examples of a {@code direction}); {@code dimension} is the read-out's size.
     */
    public static SourceFeature fromSpec(ConceptSpec spec, int dimension, Function<List<String>, float[][]> encode) {
        FeatureSpec feature = spec.feature();
        return switch (feature.kind()) {
            case "direction" -> contrast(encode.apply(feature.positive()), encode.apply(feature.negative()),
                    feature.whiten());
            case "unit" -> unit(feature.index(), dimension);
            case "vector" -> new SourceFeature(readVector(spec.resolve(feature.file()), dimension));
            default -> throw new IllegalArgumentException("feature.kind: unknown kind " + feature.kind());
        };
    }

    /** The feature that is one unit of the read-out. */
    public static SourceFeature unit(int index, int dimension) {
        if (index < 0 || index >= dimension) {
            throw new IllegalArgumentException("feature.index: " + index + " is out of range: the source layer has "
                    + dimension + " units");
        }
        float[] oneHot = new float[dimension];
        oneHot[index] = 1f;
        return new SourceFeature(oneHot);
    }

    /**
     * The direction that separates two example sets: the normalized difference of their means, or with
     * {@code whiten} the Fisher direction (that difference solved against the pooled within-set
     * covariance, lightly ridged), which discounts variation both sets share.
     */
    public static SourceFeature contrast(float[][] positive, float[][] negative, boolean whiten) {
        float[] direction = whiten ? fisherDirection(positive, negative) : contrastDirection(positive, negative);
        return new SourceFeature(direction);
    }

    static float[] fisherDirection(float[][] positive, float[][] negative) {
        int dim = positive[0].length;
        float[] meanPositive = mean(positive);
        float[] meanNegative = mean(negative);
        double[][] scatter = new double[dim][dim];
        for (float[][] set : List.of(positive, negative)) {
            float[] m = set == positive ? meanPositive : meanNegative;
            for (float[] row : set) {
                for (int i = 0; i < dim; i++) {
                    for (int j = 0; j < dim; j++) {
                        scatter[i][j] += (row[i] - m[i]) * (row[j] - m[j]);
                    }
                }
            }
        }
        int n = positive.length + negative.length;
        double trace = 0;
        for (int i = 0; i < dim; i++) {
            trace += scatter[i][i] / Math.max(1, n - 2);
        }
        RealMatrix covariance = new Array2DRowRealMatrix(scatter).scalarMultiply(1.0 / Math.max(1, n - 2));
        // A ridge of 1e-3 of the mean variance keeps the solve stable when units are (nearly) constant.
        for (int i = 0; i < dim; i++) {
            covariance.addToEntry(i, i, 1e-3 * trace / dim + 1e-12);
        }
        double[] difference = new double[dim];
        for (int i = 0; i < dim; i++) {
            difference[i] = meanPositive[i] - meanNegative[i];
        }
        RealVector solved = new LUDecomposition(covariance).getSolver().solve(new ArrayRealVector(difference));
        double norm = solved.getNorm();
        if (!(norm > 0)) {
            throw new IllegalArgumentException("feature: the positive and negative examples have the same mean read-out, so they define no direction");
        }
        float[] direction = new float[dim];
        for (int i = 0; i < dim; i++) {
            direction[i] = (float) (solved.getEntry(i) / norm);
        }
        return direction;
    }

    /** The normalized difference of the mean read-outs of the two example sets. */
    static float[] contrastDirection(float[][] positive, float[][] negative) {
        float[] meanPositive = mean(positive);
        float[] meanNegative = mean(negative);
        float[] direction = new float[meanPositive.length];
        double norm = 0;
        for (int i = 0; i < direction.length; i++) {
            direction[i] = meanPositive[i] - meanNegative[i];
            norm += (double) direction[i] * direction[i];
        }
        if (norm == 0) {
            throw new IllegalArgumentException("feature: the positive and negative examples have the same mean read-out, so they define no direction");
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < direction.length; i++) {
            direction[i] *= scale;
        }
        return direction;
    }

    private static float[] mean(float[][] rows) {
        float[] mean = new float[rows[0].length];
        for (float[] row : rows) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += row[i] / rows.length;
            }
        }
        return mean;
    }

    static float[] readVector(Path file, int dimension) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("feature.file: " + DeadLetters.describe(e), e);
        }
        String[] parts = text.trim().replace("[", " ").replace("]", " ").trim().split("[\\s,]+");
        float[] vector = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                vector[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("feature.file: " + file + ": value " + (i + 1) + " '" + parts[i] + "' is not a number");
            }
        }
        if (vector.length != dimension) {
            throw new IllegalArgumentException("feature.file: " + file + " holds " + vector.length
                    + " values but the source layer has " + dimension + " units");
        }
        return vector;
    }

    public double valueOf(float[] activation) {
        double value = 0;
        for (int i = 0; i < direction.length; i++) {
            value += (double) direction[i] * activation[i];
        }
        return value;
    }

    public float[] direction() {
        return Arrays.copyOf(direction, direction.length);
    }
}
