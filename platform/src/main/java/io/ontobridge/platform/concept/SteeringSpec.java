package io.ontobridge.platform.concept;

import java.util.List;

/**
 * Language-model sources, generator mode {@code steered}: how the concept is added to the source's residual stream
 * while it writes (activation addition), the text counterpart of sweeping a VAE latent along the concept.
 *
 * @param layer       where the vector is added ({@code resid.0} .. {@code resid.N}, {@code final}); null: the source
 *                    layer
 * @param vector      {@code mean_difference} (the default): the difference of the class means of the steering layer's
 *                    read-outs (pooled as the source is) between world stories where the feature's factor is 1 and
 *                    where it is 0, the usual activation-addition vector; {@code feature}: the feature's own direction
 *                    (the source layer's, so the steering layer must be the source layer). Either is scaled to length
 *                    1, so a strength is the length of what is added, in the residual stream's own units
 * @param minStrength the lowest strength of the sweep (each steered sample draws one uniformly in the range)
 * @param maxStrength the highest strength
 */
public record SteeringSpec(String layer, String vector, Double minStrength, Double maxStrength) {
    public static final List<String> VECTORS = List.of("mean_difference", "feature");

    public SteeringSpec {
        vector = vector == null ? "mean_difference" : vector;
        minStrength = minStrength == null ? -1.0 : minStrength;
        maxStrength = maxStrength == null ? 1.0 : maxStrength;
    }

    public static SteeringSpec defaults() {
        return new SteeringSpec(null, null, null, null);
    }

    /** The middle of the strength range. */
    public double centre() {
        return (minStrength + maxStrength) / 2;
    }

    void validate() {
        if (!VECTORS.contains(vector)) {
            throw new ConceptSpecException("generator.steering.vector: '" + vector + "' is not one of " + VECTORS);
        }
        if (!Double.isFinite(minStrength) || !Double.isFinite(maxStrength) || minStrength > maxStrength) {
            throw new ConceptSpecException("generator.steering: min_strength " + minStrength + " and max_strength "
                    + maxStrength + " must be finite, min <= max");
        }
        if (layer != null && layer.isBlank()) {
            throw new ConceptSpecException("generator.steering.layer: leave it out for the source layer, or name one");
        }
    }
}
