package io.ontobridge.models.zoo;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained zoo model loaded for inference (DJL, PyTorch engine, CPU).
 *
 * <p>Images are {@code float[1024]}: 32x32, row-major, values in [0, 1] (as {@code Renderer} and
 * {@code Png.decode} give them). Readable layers ({@link #layerNames()}), each returned flattened per image:
 * <ul>
 *   <li>cnn: {@code conv1} 4096 (16x16x16), {@code conv2} 2048 (32x8x8), {@code conv3} 1024 (64x4x4), each after
 *   ReLU and 2x2 max pooling, channel-major; {@code conv1_pool} 16, {@code conv2_pool} 32, {@code conv3_pool} 64
 *   (their global average over space); {@code hidden} 64 (dense + ReLU); {@code logits} 3 (circle, square,
 *   triangle; before softmax).</li>
 *   <li>vae: {@code enc_hidden} 256, {@code latent_mean} and {@code latent_logvar} (latent size each), and for a
 *   VAE trained with a class head ({@code class_weight > 0}) {@code class_logits} 3 (circle, square, triangle;
 *   the head's logits on the latent mean).</li>
 * </ul>
 *
 * <p>Thread safety: an instance is not thread-safe; use one instance per thread (loading is cheap).
 */
public final class ShapesModel implements AutoCloseable {
    /** The engine the zoo's models train and run on. */
    public static final String ENGINE = "PyTorch";

    private static final int BATCH = 256;
    private static final int PIXELS = Nets.IMAGE_SIZE * Nets.IMAGE_SIZE;

    private final ModelMetadata metadata;
    private final String sha256;
    private final NDManager manager;
    private final Nets.LayeredNet net;
    private final ParameterStore store;

    private ShapesModel(ModelMetadata metadata, String sha256, NDManager manager, Nets.LayeredNet net) {
        this.metadata = metadata;
        this.sha256 = sha256;
        this.manager = manager;
        this.net = net;
        this.store = new ParameterStore(manager, false);
    }

    /** Loads a model folder ({@code model.json} + parameters), checking the parameters' sha256. */
    public static ShapesModel load(Path dir) {
        return load(dir, null);
    }

    /**
     * Loads a model folder; with {@code expectedSha256} (a pin) the parameter file must have exactly that
     * sha256, else this fails naming both.
     */
    public static ShapesModel load(Path dir, String expectedSha256) {
        ModelMetadata meta = ModelMetadata.read(dir);
        ParameterFile params = ParameterFile.read(dir, meta.paramsFile(), meta.paramsSha256(), expectedSha256);
        byte[] bytes = params.bytes();
        String actual = params.sha256();
        NDManager manager = NDManager.newBaseManager(Device.cpu(), ENGINE);
        try {
            Nets.LayeredNet net = newNet(meta, manager);
            net.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes)));
            return new ShapesModel(meta, actual, manager, net);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IllegalArgumentException("zoo model " + dir + ": cannot load parameters: " + e.getMessage(), e);
        }
    }

    private static Nets.LayeredNet newNet(ModelMetadata meta, NDManager manager) {
        Nets.LayeredNet net = Nets.build(meta.architecture(), meta.hyper());
        net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        Shape image = new Shape(1, 1, Nets.IMAGE_SIZE, Nets.IMAGE_SIZE);
        if (net instanceof Vae vae) {
            net.initialize(manager, DataType.FLOAT32, image, new Shape(1, vae.latentSize()));
        } else {
            net.initialize(manager, DataType.FLOAT32, image);
        }
        return net;
    }

    /**
     * The same architecture with freshly initialized parameters (as training starts from), seeded: the
     * control "the same probe on a randomly initialized copy". Its sha256 is that of its parameters.
     */
    public ShapesModel randomInitCopy(long seed) {
        Engine.getEngine(ENGINE).setRandomSeed((int) seed);
        NDManager m = NDManager.newBaseManager(Device.cpu(), ENGINE);
        Nets.LayeredNet fresh = newNet(metadata, m);
        return new ShapesModel(metadata, Stats.sha256(serialize(fresh)), m, fresh);
    }

    /**
     * Writes this model as a zoo model folder (parameters and {@code model.json}); the metadata keeps the
     * architecture and world, with this model's sha256, and no training log when it was not trained.
     */
    public void saveTo(Path dir) {
        String written = ParameterFile.write(dir, serialize(net));
        boolean trained = written.equalsIgnoreCase(metadata.paramsSha256());
        new ModelMetadata(metadata.format(), metadata.architecture(), metadata.hyper(), metadata.training(),
                metadata.world(), metadata.seed(), metadata.samples(), trained ? metadata.epochs() : List.of(),
                trained ? metadata.wallSeconds() : 0, ModelMetadata.PARAMS, written,
                metadata.introspection()).write(dir);
    }

    /** sha256 of the parameters (of the file for a loaded model). */
    public String sha256() {
        return sha256;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public String architecture() {
        return metadata.architecture();
    }

    public List<String> layerNames() {
        return net.layerNames();
    }

    /** The named layer's activations, one flattened row per image (see the class comment for sizes). */
    public float[][] readLayer(String layer, List<float[]> images) {
        if (!net.layerNames().contains(layer)) {
            throw new IllegalArgumentException("no layer '" + layer + "' in the " + architecture() + " (known: "
                    + net.layerNames() + ")");
        }
        float[][] out = new float[images.size()][];
        for (int from = 0; from < images.size(); from += BATCH) {
            int n = Math.min(BATCH, images.size() - from);
            try (NDManager bm = manager.newSubManager()) {
                NDArray x = batch(bm, images, from, n);
                NDArray y = net.readLayer(store, x, layer);
                int d = (int) y.getShape().get(1);
                float[] flat = y.toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[from + i] = new float[d];
                    System.arraycopy(flat, i * d, out[from + i], 0, d);
                }
            }
        }
        return out;
    }

    private static NDArray batch(NDManager bm, List<float[]> images, int from, int n) {
        float[] flat = new float[n * PIXELS];
        for (int i = 0; i < n; i++) {
            float[] img = images.get(from + i);
            if (img.length != PIXELS) {
                throw new IllegalArgumentException("image " + (from + i) + " has " + img.length + " values; a zoo model takes "
                        + Nets.IMAGE_SIZE + "x" + Nets.IMAGE_SIZE + " = " + PIXELS);
            }
            System.arraycopy(img, 0, flat, i * PIXELS, PIXELS);
        }
        return bm.create(FloatBuffer.wrap(flat), new Shape(n, 1, Nets.IMAGE_SIZE, Nets.IMAGE_SIZE));
    }

    private Vae vae() {
        if (net instanceof Vae v) {
            return v;
        }
        throw new IllegalStateException("this is a " + architecture() + ", not a vae");
    }

    /** VAE only: latent units. */
    public int latentSize() {
        return vae().latentSize();
    }

    /** VAE only: the encoder's mean for each image (layer {@code latent_mean}). */
    public float[][] encodeMean(List<float[]> images) {
        vae();
        return readLayer("latent_mean", images);
    }

    /** VAE only: decoded images (sigmoid of the decoder's output), one {@code float[1024]} per latent. */
    public List<float[]> decode(float[][] latents) {
        Vae vae = vae();
        List<float[]> out = new ArrayList<>(latents.length);
        int l = vae.latentSize();
        for (int from = 0; from < latents.length; from += BATCH) {
            int n = Math.min(BATCH, latents.length - from);
            float[] flat = new float[n * l];
            for (int i = 0; i < n; i++) {
                if (latents[from + i].length != l) {
                    throw new IllegalArgumentException("latent " + (from + i) + " has " + latents[from + i].length
                            + " values; this vae has " + l);
                }
                System.arraycopy(latents[from + i], 0, flat, i * l, l);
            }
            try (NDManager bm = manager.newSubManager()) {
                NDArray z = bm.create(FloatBuffer.wrap(flat), new Shape(n, l));
                float[] pixels = ai.djl.nn.Activation.sigmoid(vae.decodeLogits(store, z, false)).toFloatArray();
                for (int i = 0; i < n; i++) {
                    float[] img = new float[PIXELS];
                    System.arraycopy(pixels, i * PIXELS, img, 0, PIXELS);
                    out.add(img);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }

    /** The parameters of {@code net} as the zoo stores them ({@code model.params}). */
    public static byte[] serialize(Nets.LayeredNet net) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            net.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
