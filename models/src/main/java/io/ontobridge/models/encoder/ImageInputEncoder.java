package io.ontobridge.models.encoder;

import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.platform.concept.ModelSpec;
import io.ontobridge.platform.kafka.ErrorType;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.worlds.shapes.Png;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shapes-zoo model as an {@link InputEncoder}: PNG inputs are decoded and the named layer is read
 * out. It can also give the spec's control read-outs of each input: {@code input} (the pixels
 * themselves) and {@code random_init} (the same layer of a randomly initialized copy of the model).
 */
public final class ImageInputEncoder implements InputEncoder {
    /** Seed of the random-init control copy: fixed, so every instance and restart has the same control. */
    private static final long RANDOM_INIT_SEED = 20261126L;
    private static final int IMAGE_SIZE = 32;

    private final ShapesModel model;
    private final ShapesModel randomInit;
    private final String layer;
    private final boolean inputBaseline;
    private final int dimension;

    private ImageInputEncoder(ShapesModel model, ShapesModel randomInit, String layer, boolean inputBaseline) {
        this.model = model;
        this.randomInit = randomInit;
        this.layer = layer;
        this.inputBaseline = inputBaseline;
        this.dimension = model.readLayer(layer, List.of(new float[IMAGE_SIZE * IMAGE_SIZE]))[0].length;
    }

    /** Loads the zoo model the spec names (checking a pinned sha256) and, if asked for, its random-init copy. */
    public static ImageInputEncoder open(ModelSpec spec) {
        ShapesModel model = ShapesModel.load(Path.of(spec.model()), spec.sha256());
        try {
            if (!model.layerNames().contains(spec.layer())) {
                throw new IllegalArgumentException("model '" + spec.name() + "' has no layer '" + spec.layer()
                        + "' (its layers: " + model.layerNames() + ")");
            }
            ShapesModel randomInit = spec.baselines().contains("random_init") ? model.randomInitCopy(RANDOM_INIT_SEED) : null;
            return new ImageInputEncoder(model, randomInit, spec.layer(), spec.baselines().contains("input"));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public String sha256() {
        return model.sha256();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The model's layers whose read-out is at least {@code width} values wide, for messages. */
    List<String> layersAtLeast(int width) {
        List<float[]> blank = List.of(new float[IMAGE_SIZE * IMAGE_SIZE]);
        return model.layerNames().stream().filter(l -> model.readLayer(l, blank)[0].length >= width).toList();
    }

    @Override
    public List<Encoding> encode(List<SampleInput> inputs) {
        Encoding[] results = new Encoding[inputs.size()];
        List<float[]> images = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ByteBuffer png = inputs.get(i).getImage();
            if (png == null) {
                results[i] = Encoding.rejected(0, ErrorType.UNSUPPORTED_INPUT, "the sample has no image; this model reads images");
                continue;
            }
            try {
                byte[] bytes = new byte[png.remaining()];
                png.duplicate().get(bytes);
                Png.Image image = Png.decode(bytes);
                if (image.width() != IMAGE_SIZE || image.height() != IMAGE_SIZE) {
                    results[i] = Encoding.rejected(0, ErrorType.BAD_IMAGE, "the image is " + image.width() + "x"
                            + image.height() + "; this model reads " + IMAGE_SIZE + "x" + IMAGE_SIZE);
                    continue;
                }
                images.add(image.pixels());
                positions.add(i);
            } catch (IllegalArgumentException e) {
                results[i] = Encoding.rejected(0, ErrorType.BAD_IMAGE, e.getMessage());
            }
        }
        if (!images.isEmpty()) {
            float[][] vectors = model.readLayer(layer, images);
            float[][] controls = randomInit == null ? null : randomInit.readLayer(layer, images);
            for (int j = 0; j < positions.size(); j++) {
                Map<String, float[]> baselines = new HashMap<>();
                if (inputBaseline) {
                    baselines.put("input", images.get(j));
                }
                if (controls != null) {
                    baselines.put("random_init", controls[j]);
                }
                results[positions.get(j)] = new Encoding(vectors[j], 0, false, null, null, baselines);
            }
        }
        return List.of(results);
    }

    @Override
    public void close() {
        model.close();
        if (randomInit != null) {
            randomInit.close();
        }
    }
}
