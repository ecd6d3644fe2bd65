package io.ontobridge.producers.story;

import io.ontobridge.models.feature.SourceFeature;
import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.FeatureSpec;
import io.ontobridge.platform.concept.Pooling;
import io.ontobridge.platform.concept.SteeringSpec;
import io.ontobridge.worlds.story.Plot;
import io.ontobridge.worlds.story.Story;
import io.ontobridge.worlds.story.StoryWorld;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The concept on a language model's residual stream, fitted once on example stories: the source feature (as the spec
 * defines it; a {@code direction} with a {@code factor} is fitted on {@code feature.examples} world stories, split by
 * that 0/1 factor) and the steering vector the spec's {@code generator.steering} names, scaled to length 1.
 */
final class SteeringVectors {
    /** The vector added while the source writes, of length 1, and the layer it goes to. */
    record Vector(String layer, float[] vector) {
        Vector {
            vector = vector.clone();
        }

        @Override
        public float[] vector() {
            return vector.clone();
        }
    }

    private final SourceFeature feature;
    private final LanguageModel lm;
    private final ConceptSpec spec;
    private final StoryWorld examples;
    private List<Story> stories;
    private Map<String, float[][]> readouts;

    SteeringVectors(LanguageModel lm, ConceptSpec spec, StoryWorld examples) {
        this.lm = lm;
        this.spec = spec;
        this.examples = examples;
        this.feature = fitFeature();
    }

    SourceFeature feature() {
        return feature;
    }

    private Pooling pooling() {
        return spec.source().readOut();
    }

    private SourceFeature fitFeature() {
        FeatureSpec definition = spec.feature();
        String layer = spec.source().layer();
        return switch (definition.kind()) {
            case "direction" -> {
                if (definition.factor() == null) {
                    yield SourceFeature.fromSpec(spec, lm.width(), texts -> lm.read(texts, layer, pooling()));
                }
                float[][][] split = split(layer);
                yield SourceFeature.contrast(split[0], split[1], definition.whiten());
            }
            case "unit" -> SourceFeature.unit(definition.index(), lm.width());
            case "vector" -> SourceFeature.fromSpec(spec, lm.width(), texts -> {
                throw new IllegalStateException("a vector feature needs no examples");
            });
            default -> throw new IllegalArgumentException("feature.kind: unknown kind " + definition.kind());
        };
    }

    /** The spec's steering vector, of length 1. */
    Vector steering() {
        SteeringSpec steering = spec.generator().steering();
        String layer = steering.layer() == null ? spec.source().layer() : steering.layer();
        if (!lm.layerNames().contains(layer)) {
            throw new IllegalArgumentException("generator.steering.layer: the source has no layer '" + layer
                    + "' (its layers: " + lm.layerNames() + ")");
        }
        if (steering.vector().equals("feature")) {
            if (!layer.equals(spec.source().layer())) {
                throw new IllegalArgumentException("generator.steering.vector: 'feature' is the source layer's direction ("
                        + spec.source().layer() + "); steer at that layer, or use mean_difference at " + layer);
            }
            return new Vector(layer, unit(feature.direction()));
        }
        float[][][] split;
        FeatureSpec definition = spec.feature();
        if (definition.factor() != null) {
            split = split(layer);
        } else if (!definition.positive().isEmpty() && !definition.negative().isEmpty()) {
            split = new float[][][] {lm.read(definition.positive(), layer, pooling()),
                    lm.read(definition.negative(), layer, pooling())};
        } else {
            throw new IllegalArgumentException("generator.steering.vector: mean_difference needs two classes: a feature"
                    + " 'factor' of the story world or positive and negative sentences; use vector: feature");
        }
        float[] difference = new float[lm.width()];
        for (int c = 0; c < 2; c++) {
            for (float[] row : split[c]) {
                for (int i = 0; i < difference.length; i++) {
                    difference[i] += (c == 0 ? 1 : -1) * row[i] / split[c].length;
                }
            }
        }
        return new Vector(layer, unit(difference));
    }

    /** The example stories' read-outs at {@code layer}, where the feature's factor is 1 and where it is 0. */
    private float[][][] split(String layer) {
        FeatureSpec definition = spec.feature();
        if (!Arrays.asList(Plot.FACTORS).contains(definition.factor())) {
            throw new IllegalArgumentException("feature.factor: the story world has no factor '" + definition.factor()
                    + "' (factors: " + String.join(", ", Plot.FACTORS) + ")");
        }
        if (stories == null) {
            stories = examples.next(definition.examples());
            List<String> layers = new ArrayList<>(List.of(spec.source().layer()));
            String steer = spec.generator().steering().layer();
            if (steer != null && !steer.equals(spec.source().layer()) && lm.layerNames().contains(steer)) {
                layers.add(steer);
            }
            readouts = lm.read(stories.stream().map(Story::text).toList(), layers, pooling(), null);
        }
        float[][] rows = readouts.containsKey(layer) ? readouts.get(layer)
                : lm.read(stories.stream().map(Story::text).toList(), layer, pooling());
        List<float[]> positive = new ArrayList<>();
        List<float[]> negative = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            (stories.get(i).factors().get(definition.factor()) >= 0.5 ? positive : negative).add(rows[i]);
        }
        if (positive.isEmpty() || negative.isEmpty()) {
            throw new IllegalArgumentException("feature.factor: '" + definition.factor() + "' is "
                    + (positive.isEmpty() ? "never" : "always") + " 1 in " + definition.examples()
                    + " world stories, so it defines no direction (it must be a 0/1 factor such as hero_wins)");
        }
        return new float[][][] {positive.toArray(float[][]::new), negative.toArray(float[][]::new)};
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        if (!(norm > 0)) {
            throw new IllegalArgumentException("generator.steering: the two classes have the same mean read-out, so"
                    + " there is no direction to steer along");
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return out;
    }
}
