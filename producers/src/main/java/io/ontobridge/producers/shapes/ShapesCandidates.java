package io.ontobridge.producers.shapes;

import io.ontobridge.models.feature.SourceFeature;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.FeatureSpec;
import io.ontobridge.platform.concept.GeneratorSpec;
import io.ontobridge.producers.candidate.Candidate;
import io.ontobridge.producers.candidate.CandidateSource;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.RequestExample;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.worlds.shapes.Png;
import io.ontobridge.worlds.shapes.Scene;
import io.ontobridge.worlds.shapes.World;
import io.ontobridge.worlds.shapes.WorldConfig;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Image candidates from the shapes world and the source VAE, in two generative modes:
 * <ul>
 *   <li>world: a scene rendered from the spec's world config; the sample carries its true factors;</li>
 *   <li>decoder: a latent drawn from the VAE's prior, with its coordinate along the concept swept
 *       uniformly over [-3, 3] prior standard deviations so every part of the range is covered,
 *       then decoded into an image.</li>
 * </ul>
 * Either way the feature value is the source's own reading of the image as published (re-encoded
 * from the 8-bit PNG), so it measures what the source model represents, not what was asked for.
 */
public final class ShapesCandidates implements CandidateSource {
    private static final double SWEEP = 3.0;

    private final ShapesModel vae;
    private final String layer;
    private final World world;
    private final SourceFeature feature;
    private final SourceCatalogue catalogue;
    private final ModelRef sourceRef;
    private final int batchSize;
    private final String mode;
    private final double decoderShare;
    private final Random random;

    public ShapesCandidates(ConceptSpec spec) {
        this.vae = ShapesModel.load(Path.of(spec.source().model()), spec.source().sha256());
        try {
            GeneratorSpec generator = spec.generator();
            this.layer = spec.source().layer();
            if (!vae.layerNames().contains(layer)) {
                throw new IllegalArgumentException("source.layer: model '" + spec.source().name() + "' has no layer '"
                        + layer + "' (its layers: " + vae.layerNames() + ")");
            }
            this.mode = generator.mode();
            if (!mode.equals("world") && !(vae.architecture().equals("vae") && layer.equals("latent_mean"))) {
                throw new IllegalArgumentException("generator.mode: '" + mode + "' decodes latents, which needs a vae "
                        + "source read at layer latent_mean");
            }
            WorldConfig worldConfig = WorldConfig.load(spec.resolve(generator.world()));
            this.world = new World(worldConfig, generator.seed());
            this.feature = feature(spec, worldConfig);
            this.catalogue = catalogue(spec.feature(), worldConfig, generator.seed());
            this.decoderShare = mode.equals("world") ? 0 : mode.equals("decoder") ? 1 : generator.decoderShare();
            this.random = new Random(generator.seed() ^ 0x5DEECE66DL);
        } catch (RuntimeException e) {
            vae.close();
            throw e;
        }
        this.sourceRef = new ModelRef(spec.source().name(), spec.source().version(), vae.sha256(), layer);
        this.batchSize = spec.source().batchSize();
    }

    /** The concept on the source layer, as the spec defines it. */
    private SourceFeature feature(ConceptSpec spec, WorldConfig worldConfig) {
        FeatureSpec definition = spec.feature();
        int dimension = readLayer(List.of(new float[worldConfig.imageSize() * worldConfig.imageSize()]))[0].length;
        return switch (definition.kind()) {
            case "unit" -> SourceFeature.unit(definition.index() != null ? definition.index()
                    : vae.metadata().unitFor(definition.factor()), dimension);
            case "vector" -> SourceFeature.fromSpec(spec, dimension, texts -> {
                throw new IllegalStateException("a vector feature needs no examples");
            });
            case "direction" -> {
                if (definition.factor() == null) {
                    throw new IllegalArgumentException("feature: an image source defines a direction by a 0/1 world 'factor' (e.g. is_triangle), not by example sentences");
                }
                yield contrastFromWorld(definition, worldConfig, spec.generator().seed());
            }
            default -> throw new IllegalArgumentException("feature.kind: unknown kind " + definition.kind());
        };
    }

    /** The spec's catalogue of other source concepts, fitted on world scenes of their own. */
    private SourceCatalogue catalogue(FeatureSpec definition, WorldConfig worldConfig, long seed) {
        if (definition.catalogue().isEmpty()) {
            return SourceCatalogue.none();
        }
        World examples = new World(worldConfig, seed + 2);
        List<float[]> images = new ArrayList<>();
        List<Map<String, Double>> factors = new ArrayList<>();
        for (int i = 0; i < definition.examples(); i++) {
            World.View view = examples.next();
            images.add(Png.quantize(view.pixels()));
            factors.add(view.scene().factors());
        }
        return SourceCatalogue.fit(definition.catalogue(), readLayer(images), factors);
    }

    /** The direction between world scenes where the 0/1 factor is 1 and those where it is 0. */
    private SourceFeature contrastFromWorld(FeatureSpec definition, WorldConfig worldConfig, long seed) {
        // Its own world instance: the examples do not shift the stream of published scenes.
        World examples = new World(worldConfig, seed + 1);
        List<float[]> images = new ArrayList<>();
        List<Boolean> positive = new ArrayList<>();
        for (int i = 0; i < definition.examples(); i++) {
            World.View view = examples.next();
            Double value = view.scene().factors().get(definition.factor());
            if (value == null) {
                throw new IllegalArgumentException("feature.factor: the world has no factor '" + definition.factor()
                        + "' (factors: " + String.join(", ", Scene.FACTORS) + ")");
            }
            images.add(Png.quantize(view.pixels()));
            positive.add(value >= 0.5);
        }
        float[][] readouts = readLayer(images);
        List<float[]> pos = new ArrayList<>();
        List<float[]> neg = new ArrayList<>();
        for (int i = 0; i < readouts.length; i++) {
            (positive.get(i) ? pos : neg).add(readouts[i]);
        }
        if (pos.isEmpty() || neg.isEmpty()) {
            throw new IllegalArgumentException("feature.factor: '" + definition.factor() + "' is "
                    + (pos.isEmpty() ? "never" : "always") + " 1 in " + definition.examples()
                    + " world scenes, so it defines no direction (it must be a 0/1 factor such as is_triangle)");
        }
        return SourceFeature.contrast(pos.toArray(float[][]::new), neg.toArray(float[][]::new), definition.whiten());
    }

    @Override
    public ModelRef sourceRef() {
        return sourceRef;
    }

    @Override
    public List<Candidate> nextBatch() {
        List<float[]> images = new ArrayList<>(batchSize);
        List<Map<String, Double>> factors = new ArrayList<>(batchSize);
        List<String> modes = new ArrayList<>(batchSize);
        int decoded = 0;
        for (int i = 0; i < batchSize; i++) {
            if (random.nextDouble() < decoderShare) {
                decoded++;
            }
        }
        images.addAll(decodeSwept(decoded));
        for (int i = 0; i < decoded; i++) {
            factors.add(Map.of());
            modes.add("decoder");
        }
        for (int i = decoded; i < batchSize; i++) {
            World.View view = world.next();
            images.add(view.pixels());
            factors.add(view.scene().factors());
            modes.add("world");
        }
        return candidates(images, factors, modes);
    }

    /** Images as candidates: what every model sees is the 8-bit PNG, so the feature is read off exactly that. */
    private List<Candidate> candidates(List<float[]> images, List<Map<String, Double>> factors, List<String> modes) {
        if (images.isEmpty()) {
            return List.of();
        }
        List<float[]> published = images.stream().map(Png::quantize).toList();
        float[][] readouts = readLayer(published);
        List<Candidate> candidates = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            SampleInput input = SampleInput.newBuilder()
                    .setImage(ByteBuffer.wrap(Png.encode(published.get(i), world.imageSize()))).build();
            candidates.add(new Candidate(input, feature.valueOf(readouts[i]), factors.get(i), modes.get(i), null,
                    catalogue.valuesOf(readouts[i])));
        }
        return candidates;
    }

    /**
     * Candidates near requested examples: a world example's scene with its factors jittered (same class;
     * size +-1, position +-2 pixels, rotation +-0.3, intensity +-0.08, kept inside the image), or a decoded
     * example's latent plus N(0, 0.3^2) noise, decoded again.
     */
    @Override
    public List<Candidate> nearBatch(List<RequestExample> examples, int count) {
        List<float[]> images = new ArrayList<>(count);
        List<Map<String, Double>> factors = new ArrayList<>(count);
        List<float[]> latents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RequestExample example = examples.get(i % examples.size());
            Map<String, Double> known = example.getFactors();
            if (known.containsKey("shape") && known.containsKey("size")) {
                Scene scene = jitter(known);
                images.add(world.render(scene));
                factors.add(scene.factors());
            } else if (example.getInput().getImage() != null) {
                byte[] png = new byte[example.getInput().getImage().remaining()];
                example.getInput().getImage().duplicate().get(png);
                float[] z = vae.encodeMean(List.of(Png.decode(png).pixels()))[0];
                for (int j = 0; j < z.length; j++) {
                    z[j] += (float) (0.3 * random.nextGaussian());
                }
                latents.add(z);
            }
        }
        if (!latents.isEmpty()) {
            for (float[] image : vae.decode(latents.toArray(float[][]::new))) {
                images.add(image);
                factors.add(Map.of());
            }
        }
        return candidates(images, factors, java.util.Collections.nCopies(images.size(), CandidateSource.REQUESTED));
    }

    /** A scene like the one the factors describe, each factor moved a little. */
    private Scene jitter(Map<String, Double> f) {
        int size = world.imageSize();
        double radius = Math.max(1, f.get("size") + (random.nextDouble() * 2 - 1));
        double margin = world.config().margin();
        radius = Math.min(radius, size / 2.0 - margin - 0.5);
        double x = clamp(f.getOrDefault("x", size / 2.0) + (random.nextDouble() * 4 - 2), radius + margin, size - radius - margin);
        double y = clamp(f.getOrDefault("y", size / 2.0) + (random.nextDouble() * 4 - 2), radius + margin, size - radius - margin);
        double rotation = f.getOrDefault("rotation", 0.0) + (random.nextDouble() * 0.6 - 0.3);
        double intensity = clamp(f.getOrDefault("intensity", 0.8) + (random.nextDouble() * 0.16 - 0.08), 0.05, 1.0);
        return new Scene(io.ontobridge.worlds.shapes.ShapeClass.values()[(int) Math.round(f.get("shape"))], radius, x, y,
                rotation, intensity);
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }

    /** Latents from the prior with the concept coordinate swept over [-SWEEP, SWEEP], decoded. */
    private List<float[]> decodeSwept(int count) {
        if (count == 0) {
            return List.of();
        }
        float[] direction = feature.direction();
        float[][] latents = new float[count][direction.length];
        for (float[] z : latents) {
            double along = 0;
            for (int j = 0; j < z.length; j++) {
                z[j] = (float) random.nextGaussian();
                along += z[j] * direction[j];
            }
            double target = (random.nextDouble() * 2 - 1) * SWEEP;
            for (int j = 0; j < z.length; j++) {
                z[j] += (float) ((target - along) * direction[j]);
            }
        }
        return vae.decode(latents);
    }

    private float[][] readLayer(List<float[]> images) {
        return vae.readLayer(layer, images);
    }

    @Override
    public void close() {
        vae.close();
    }
}
