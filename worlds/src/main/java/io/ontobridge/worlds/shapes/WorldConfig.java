package io.ontobridge.worlds.shapes;

import io.ontobridge.platform.config.StrictYaml;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a shapes world holds: which classes how often, the ranges of every factor, and exclusion
 * rules, so that two models can be trained on different worlds. Read from YAML with {@link #load}.
 *
 * @param imageSize width and height of the images, in pixels
 * @param shapes    class weights, e.g. {@code {circle: 1, square: 1, triangle: 2}}; a class left out never appears
 * @param size      circumradius range in pixels
 * @param intensity gray level range, in (0, 1]
 * @param rotation  rotation range in radians
 * @param margin    pixels kept free between a shape's circumcircle and the image border
 * @param noise     standard deviation of Gaussian noise added to every pixel (then clipped to [0, 1])
 * @param exclude   rules: a scene that matches every condition of a rule is drawn again
 * @param relabel   label rules: a scene that matches every condition of a rule is shown as it is but labelled as the
 *                  rule's class, so that a model trained on this world has its own notion of a class (a planted
 *                  ontology difference); the first matching rule wins
 */
public record WorldConfig(Integer imageSize, Map<String, Double> shapes, Range size, Range intensity, Range rotation,
                          Double margin, Double noise, List<Exclusion> exclude, List<LabelRule> relabel) {
    public WorldConfig {
        imageSize = imageSize == null ? 32 : imageSize;
        if (shapes == null) {
            shapes = new LinkedHashMap<>();
            for (ShapeClass c : ShapeClass.values()) {
                shapes.put(c.id(), 1.0);
            }
        }
        shapes = Map.copyOf(shapes);
        size = size == null ? new Range(4.0, 11.0) : size;
        intensity = intensity == null ? new Range(0.4, 1.0) : intensity;
        rotation = rotation == null ? new Range(0.0, 2 * Math.PI) : rotation;
        margin = margin == null ? 1.0 : margin;
        noise = noise == null ? 0.0 : noise;
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        relabel = relabel == null ? List.of() : List.copyOf(relabel);
        validate(imageSize, shapes, size, intensity, margin, noise);
    }

    public static WorldConfig defaults() {
        return new WorldConfig(null, null, null, null, null, null, null, null, null);
    }

    /** The class a scene is labelled with in this world: the first matching label rule's, else its own. */
    public ShapeClass label(Scene scene) {
        for (LabelRule rule : relabel) {
            if (rule.matches(scene)) {
                return ShapeClass.of(rule.as());
            }
        }
        return scene.shape();
    }

    public static WorldConfig load(Path file) {
        try {
            return StrictYaml.read(file, WorldConfig.class, "world config", IllegalArgumentException::new);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("world config") ? e
                    : new IllegalArgumentException("world config " + file + ": " + e.getMessage(), e);
        }
    }

    private static void validate(int imageSize, Map<String, Double> shapes, Range size, Range intensity, double margin,
                                 double noise) {
        if (imageSize < 8 || imageSize > 256) {
            throw new IllegalArgumentException("image_size: must be between 8 and 256, got " + imageSize);
        }
        shapes.forEach((id, weight) -> {
            ShapeClass.of(id);
            if (!(weight >= 0)) {
                throw new IllegalArgumentException("shapes." + id + ": a weight must be >= 0, got " + weight);
            }
        });
        if (shapes.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("shapes: at least one class needs a weight above 0");
        }
        size.check("size");
        intensity.check("intensity");
        if (size.min() <= 0 || 2 * (size.max() + margin) > imageSize) {
            throw new IllegalArgumentException("size: must be > 0 and a shape of size " + size.max() + " plus margin "
                    + margin + " must fit an image of " + imageSize + " pixels");
        }
        if (intensity.min() <= 0 || intensity.max() > 1) {
            throw new IllegalArgumentException("intensity: must lie in (0, 1], got " + intensity);
        }
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("noise: must be >= 0, got " + noise);
        }
    }

    /** A closed interval; a bound left out of an exclusion rule is open-ended. */
    public record Range(Double min, Double max) {
        boolean contains(double value) {
            return (min == null || value >= min) && (max == null || value <= max);
        }

        void check(String field) {
            if (min == null || max == null || min > max) {
                throw new IllegalArgumentException(field + ": needs min <= max, got " + this);
            }
        }
    }

    /**
     * Scenes this world never shows: those of class {@code shape} (any class when absent) whose
     * factors all fall in the given ranges. {@code {shape: triangle, size: {min: 9}}} is "no large
     * triangles"; {@code {shape: circle, x: {min: 16}}} is "circles only on the left half".
     */
    public record Exclusion(String shape, Range size, Range x, Range y, Range rotation, Range intensity) {
        public Exclusion {
            if (shape != null) {
                ShapeClass.of(shape);
            }
        }

        /**
         * Whether a sample's ground-truth factors (as {@link Scene#factors()} names them) fall in this rule's region;
         * false for a sample without them (a decoded image has no truth).
         */
        public boolean matches(Map<String, Double> factors) {
            for (String name : Scene.FACTORS) {
                if (factors == null || !factors.containsKey(name)) {
                    return false;
                }
            }
            int shapeIndex = (int) Math.round(factors.get("shape"));
            if (shapeIndex < 0 || shapeIndex >= ShapeClass.values().length) {
                return false;
            }
            return matches(new Scene(ShapeClass.values()[shapeIndex], factors.get("size"), factors.get("x"),
                    factors.get("y"), factors.get("rotation"), factors.get("intensity")));
        }

        public boolean matches(Scene scene) {
            return (shape == null || ShapeClass.of(shape) == scene.shape())
                    && (size == null || size.contains(scene.size()))
                    && (x == null || x.contains(scene.x()))
                    && (y == null || y.contains(scene.y()))
                    && (rotation == null || rotation.contains(scene.rotation()))
                    && (intensity == null || intensity.contains(scene.intensity()));
        }
    }

    /**
     * Scenes labelled as another class: those of class {@code shape} (any class when absent) whose factors all fall
     * in the given ranges are labelled {@code as}. {@code {shape: triangle, size: {min: 8}, as: square}} is "large
     * triangles are squares"; the image is unchanged, only what the world calls it.
     */
    public record LabelRule(String shape, Range size, Range x, Range y, Range rotation, Range intensity, String as) {
        public LabelRule {
            if (as == null) {
                throw new IllegalArgumentException("relabel: a rule needs 'as', the class its scenes are labelled with");
            }
            ShapeClass.of(as);
            if (shape != null) {
                ShapeClass.of(shape);
            }
        }

        /** The rule's conditions, as an exclusion rule would state them. */
        public Exclusion condition() {
            return new Exclusion(shape, size, x, y, rotation, intensity);
        }

        /** Whether {@code scene} falls in the rule's region. */
        public boolean matches(Scene scene) {
            return condition().matches(scene);
        }
    }
}
