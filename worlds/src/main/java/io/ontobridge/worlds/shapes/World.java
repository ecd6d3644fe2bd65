package io.ontobridge.worlds.shapes;

import java.util.List;
import java.util.Random;

/**
 * A procedural world of single-shape images: draws scenes that honour a {@link WorldConfig} and
 * renders them. Deterministic for a seed: the same config and seed give the same scenes and pixels.
 */
public final class World {
    private static final int MAX_ATTEMPTS = 10_000;

    private final WorldConfig config;
    private final Random random;
    private final List<ShapeClass> classes;
    private final double[] cumulativeWeights;

    public World(WorldConfig config, long seed) {
        this.config = config;
        this.random = new Random(seed);
        this.classes = List.of(ShapeClass.values());
        this.cumulativeWeights = new double[classes.size()];
        double total = 0;
        for (int i = 0; i < classes.size(); i++) {
            total += config.shapes().getOrDefault(classes.get(i).id(), 0.0);
            cumulativeWeights[i] = total;
        }
    }

    public WorldConfig config() {
        return config;
    }

    public int imageSize() {
        return config.imageSize();
    }

    /** A scene and its image, as the world shows it. */
    public record View(Scene scene, float[] pixels) {
    }

    public View next() {
        Scene scene = nextScene();
        return new View(scene, render(scene));
    }

    /** Draws factors until a scene passes every exclusion rule. */
    public Scene nextScene() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Scene scene = drawScene();
            if (config.exclude().stream().noneMatch(rule -> rule.matches(scene))) {
                return scene;
            }
        }
        throw new IllegalStateException("the world's exclusion rules rejected " + MAX_ATTEMPTS
                + " scenes in a row: they leave (almost) nothing to draw");
    }

    /** The scene's image with this world's pixel noise. */
    public float[] render(Scene scene) {
        float[] pixels = Renderer.render(scene, config.imageSize());
        if (config.noise() > 0) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.min(1, Math.max(0, pixels[i] + random.nextGaussian() * config.noise()));
            }
        }
        return pixels;
    }

    private Scene drawScene() {
        double pick = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        int index = 0;
        while (pick >= cumulativeWeights[index]) {
            index++;
        }
        double size = uniform(config.size());
        // The centre keeps the whole circumcircle (plus the margin) inside the image.
        double lo = size + config.margin();
        double hi = config.imageSize() - size - config.margin();
        double x = lo + random.nextDouble() * (hi - lo);
        double y = lo + random.nextDouble() * (hi - lo);
        return new Scene(classes.get(index), size, x, y, uniform(config.rotation()), uniform(config.intensity()));
    }

    private double uniform(WorldConfig.Range range) {
        return range.min() + random.nextDouble() * (range.max() - range.min());
    }
}
