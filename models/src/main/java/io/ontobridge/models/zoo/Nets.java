package io.ontobridge.models.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The zoo's two architectures as DJL blocks, built for DJL's PyTorch engine on CPU.
 *
 * <p>Both take images as {@code [batch, 1, 32, 32]} with values in [0, 1]. Internal layers are read
 * through {@link LayeredNet#readLayer}, which returns {@code [batch, features]}.
 */
public final class Nets {
    public static final int IMAGE_SIZE = 32;

    private Nets() {
    }

    /** A block whose internal layers can be read by name. */
    public interface LayeredNet extends Block {
        /** The readable layers, in forward order. */
        List<String> layerNames();

        /** The named layer's activations for {@code x}, flattened to {@code [batch, features]}. */
        NDArray readLayer(ParameterStore ps, NDArray x, String layer);
    }

    /** Builds an architecture ({@code vae} or {@code cnn}) with its hyper-parameters. */
    public static LayeredNet build(String architecture, Map<String, Object> hyper) {
        return switch (architecture) {
            case "vae" -> new Vae(intOf(hyper, "latent"), classHead(hyper) ? intOf(hyper, "classes") : 0);
            case "cnn" -> new Cnn(intOf(hyper, "hidden"), intOf(hyper, "classes"));
            default -> throw new IllegalArgumentException("unknown architecture '" + architecture + "' (known: vae, cnn)");
        };
    }

    /**
     * Whether a VAE's hyper-parameters ask for the auxiliary class head: a positive {@code class_weight}
     * (older model.json files have none: a plain VAE, whose parameters load as before).
     */
    static boolean classHead(Map<String, Object> hyper) {
        return hyper.get("class_weight") instanceof Number w && w.doubleValue() > 0;
    }

    static int intOf(Map<String, Object> hyper, String key) {
        Object v = hyper.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' missing or not a number: " + v);
        }
        return n.intValue();
    }

    private static Block conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).build();
    }

    private static Block linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    /**
     * Nearest-neighbour upsampling by 2 through reshape + broadcast: {@code Conv2dTranspose} throws
     * "Not implemented" on the PyTorch engine, and this is differentiable everywhere.
     */
    static NDArray upsample2(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        return x.reshape(b, c, h, 1, w, 1).broadcast(new Shape(b, c, h, 2, w, 2)).reshape(b, c, 2 * h, 2 * w);
    }

    /** Pixel shuffle: {@code [b, c*r*r, h, w] -> [b, c, h*r, w*r]}. */
    static NDArray pixelShuffle(NDArray x, int r) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1) / (r * r), h = s.get(2), w = s.get(3);
        return x.reshape(b, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, h * r, w * r);
    }

    /**
     * Named stages run in order; each stage's output is the next one's input. The stage names are
     * the parameter-name prefixes too, so saved parameters say where they belong.
     */
    static final class Staged extends AbstractBlock {
        private final List<String> names = new ArrayList<>();

        Staged add(String name, Block stage) {
            names.add(name);
            addChildBlock(name, stage);
            return this;
        }

        List<String> stageNames() {
            return names;
        }

        /** Runs the stages up to and including {@code last} (all when null). */
        NDList forwardTo(ParameterStore ps, NDList inputs, boolean training, String last) {
            NDList current = inputs;
            for (var child : children) {
                current = child.getValue().forward(ps, current, training);
                if (last != null && stageOf(child.getKey()).equals(last)) {
                    return current;
                }
            }
            if (last != null) {
                throw new IllegalArgumentException("no stage '" + last + "' (known: " + names + ")");
            }
            return current;
        }

        // Child keys are "01name" (DJL prefixes a position); the stage name is what follows the digits.
        private static String stageOf(String key) {
            int i = 0;
            while (i < key.length() && Character.isDigit(key.charAt(i))) {
                i++;
            }
            return key.substring(i);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return forwardTo(ps, inputs, training, null);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape[] current = inputShapes;
            for (var child : children) {
                current = child.getValue().getOutputShapes(current);
            }
            return current;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape[] current = inputShapes;
            for (var child : children) {
                child.getValue().initialize(manager, dataType, current);
                current = child.getValue().getOutputShapes(current);
            }
        }
    }

    private static SequentialBlock seq(Block... blocks) {
        SequentialBlock s = new SequentialBlock();
        for (Block b : blocks) {
            s.add(b);
        }
        return s;
    }

    /**
     * The shape classifier. Layers (values after the activation, and after pooling for convs):
     * {@code conv1} [16,16,16] = 4096, {@code conv2} [32,8,8] = 2048, {@code conv3} [64,4,4] = 1024,
     * their global average pools {@code conv1_pool} 16, {@code conv2_pool} 32, {@code conv3_pool} 64,
     * {@code hidden} (dense + ReLU, default 64) and {@code logits} (3, before softmax).
     */
    public static final class Cnn extends AbstractBlock implements LayeredNet {
        static final List<String> LAYERS = List.of("conv1", "conv2", "conv3", "conv1_pool", "conv2_pool", "conv3_pool",
                "hidden", "logits");
        private final Staged net;

        Cnn(int hidden, int classes) {
            // 3x3 convs + 2x2 max pooling halve the image three times (32 -> 4); enough receptive
            // field to see a whole shape, small enough to train in about a minute on 2 CPU cores.
            Shape pool = new Shape(2, 2);
            net = addChildBlock("net", new Staged()
                    .add("conv1", seq(conv(16, 3, 1, 1), Activation.reluBlock(), Pool.maxPool2dBlock(pool, pool)))
                    .add("conv2", seq(conv(32, 3, 1, 1), Activation.reluBlock(), Pool.maxPool2dBlock(pool, pool)))
                    .add("conv3", seq(conv(64, 3, 1, 1), Activation.reluBlock(), Pool.maxPool2dBlock(pool, pool)))
                    .add("hidden", seq(Blocks.batchFlattenBlock(), linear(hidden), Activation.reluBlock()))
                    .add("logits", linear(classes)));
        }

        @Override
        public List<String> layerNames() {
            return LAYERS;
        }

        @Override
        public NDArray readLayer(ParameterStore ps, NDArray x, String layer) {
            if (!LAYERS.contains(layer)) {
                throw new IllegalArgumentException("no layer '" + layer + "' in the cnn (known: " + LAYERS + ")");
            }
            boolean pooled = layer.endsWith("_pool");
            String stage = pooled ? layer.substring(0, layer.length() - "_pool".length()) : layer;
            NDArray out = net.forwardTo(ps, new NDList(x), false, stage).singletonOrThrow();
            if (pooled) {
                Shape s = out.getShape();
                out = out.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}); // one axis at a time on PyTorch

            }
            return out.reshape(out.getShape().get(0), -1);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return net.forward(ps, inputs, training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return net.getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            net.initialize(manager, dataType, inputShapes);
        }
    }

    /**
     * The convolutional VAE. {@code forward([x])} gives {@code [mean, logvar]};
     * {@code forward([x, eps])} (eps ~ N(0, 1), {@code [batch, latent]}) also samples
     * {@code z = mean + exp(logvar / 2) * eps} and gives {@code [mean, logvar, logits]}, the decoder's
     * pre-sigmoid output {@code [batch, 1, 32, 32]}, and with a class head a fourth output, the class
     * logits {@code [batch, classes]}. Layers: {@code enc_hidden} (256), {@code latent_mean} and
     * {@code latent_logvar} (latent size each), and with a class head {@code class_logits} (classes).
     *
     * <p>The optional class head (semi-supervised style) is one linear layer on the latent mean, trained
     * with cross-entropy on the world's shape labels next to the VAE loss; it makes the latent space
     * class-aware without touching the decoder, which still decodes any latent.
     */
    public static final class Vae extends AbstractBlock implements LayeredNet {
        static final List<String> LAYERS = List.of("enc_hidden", "latent_mean", "latent_logvar");
        static final String CLASS_LOGITS = "class_logits";
        private final int latent;
        private final int classes;
        private final List<String> layers;
        private final Staged encoder;
        private final Staged decoder;
        private final Block head;

        Vae(int latent, int classes) {
            this.latent = latent;
            this.classes = classes;
            List<String> names = new ArrayList<>(LAYERS);
            if (classes > 0) {
                names.add(CLASS_LOGITS);
            }
            this.layers = List.copyOf(names);
            // Strided 4x4 convs: 32 -> 16 -> 8 -> 4, then one dense layer; the last stage emits mean
            // and log-variance side by side (split in forward).
            encoder = addChildBlock("encoder", new Staged()
                    .add("conv1", seq(conv(32, 4, 2, 1), Activation.reluBlock()))
                    .add("conv2", seq(conv(64, 4, 2, 1), Activation.reluBlock()))
                    .add("conv3", seq(conv(64, 4, 2, 1), Activation.reluBlock()))
                    .add("enc_hidden", seq(Blocks.batchFlattenBlock(), linear(256), Activation.reluBlock()))
                    .add("latent", linear(2 * latent)));
            // Dense -> reshape to 64x4x4 -> nearest upsample + conv (no Conv2dTranspose on PyTorch) -> at
            // 8x8 a 16-channel conv, then pixel shuffle (r = 4) to 1x32x32. Convs with 1-8 output channels
            // gave sporadic NaN gradients in a trial; 16 channels + pixel shuffle did not.
            decoder = addChildBlock("decoder", new Staged()
                    .add("dec_hidden", seq(linear(256), Activation.reluBlock(), linear(64 * 4 * 4), Activation.reluBlock(),
                            new LambdaBlock(l -> new NDList(l.singletonOrThrow().reshape(-1, 64, 4, 4)))))
                    .add("up1", seq(new LambdaBlock(l -> new NDList(upsample2(l.singletonOrThrow()))), conv(64, 3, 1, 1),
                            Activation.reluBlock()))
                    .add("up2", seq(new LambdaBlock(l -> new NDList(upsample2(l.singletonOrThrow()))), conv(32, 3, 1, 1),
                            Activation.reluBlock()))
                    // 16 channels at 16x16 -> pixel shuffle -> 4 x 32x32, averaged into the one output channel.
                    .add("out", seq(conv(16, 3, 1, 1),
                            new LambdaBlock(l -> new NDList(pixelShuffle(l.singletonOrThrow(), 2))),
                            new LambdaBlock(l -> new NDList(l.singletonOrThrow().mean(new int[] {1}, true))))));
            // Added last, so a plain VAE's parameters keep their order and names.
            head = classes > 0 ? addChildBlock("class_head", linear(classes)) : null;
        }

        public int latentSize() {
            return latent;
        }

        /** Classes of the auxiliary class head; 0 without one. */
        public int classes() {
            return classes;
        }

        @Override
        public List<String> layerNames() {
            return layers;
        }

        /** The class head's logits for latent means {@code mean} ({@code [batch, latent]}). */
        NDArray classLogits(ParameterStore ps, NDArray mean, boolean training) {
            if (head == null) {
                throw new IllegalStateException("this vae has no class head (class_weight 0)");
            }
            return head.forward(ps, new NDList(mean), training).singletonOrThrow();
        }

        NDList encode(ParameterStore ps, NDArray x, boolean training) {
            NDArray both = encoder.forward(ps, new NDList(x), training).singletonOrThrow();
            return new NDList(both.get(":, :" + latent), both.get(":, " + latent + ":"));
        }

        /** The decoder's logits for latents {@code z} ({@code [batch, latent]}). */
        NDArray decodeLogits(ParameterStore ps, NDArray z, boolean training) {
            return decoder.forward(ps, new NDList(z), training).singletonOrThrow();
        }

        @Override
        public NDArray readLayer(ParameterStore ps, NDArray x, String layer) {
            return switch (layer) {
                case "enc_hidden" -> encoder.forwardTo(ps, new NDList(x), false, "enc_hidden").singletonOrThrow();
                case "latent_mean" -> encode(ps, x, false).get(0);
                case "latent_logvar" -> encode(ps, x, false).get(1);
                case CLASS_LOGITS -> {
                    if (head == null) {
                        throw new IllegalArgumentException("no layer '" + layer + "' in this vae (known: " + layers
                                + "; it has no class head)");
                    }
                    yield classLogits(ps, encode(ps, x, false).get(0), false);
                }
                default -> throw new IllegalArgumentException("no layer '" + layer + "' in the vae (known: " + layers + ")");
            };
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList stats = encode(ps, inputs.get(0), training);
            if (inputs.size() < 2) {
                return stats;
            }
            NDArray z = stats.get(0).add(stats.get(1).mul(0.5f).exp().mul(inputs.get(1)));
            NDList out = new NDList(stats.get(0), stats.get(1), decodeLogits(ps, z, training));
            if (head != null) {
                out.add(classLogits(ps, stats.get(0), training));
            }
            return out;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            long b = inputShapes[0].get(0);
            Shape stats = new Shape(b, latent);
            if (inputShapes.length < 2) {
                return new Shape[] {stats, stats};
            }
            Shape image = new Shape(b, 1, IMAGE_SIZE, IMAGE_SIZE);
            return head == null ? new Shape[] {stats, stats, image}
                    : new Shape[] {stats, stats, image, new Shape(b, classes)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            encoder.initialize(manager, dataType, inputShapes[0]);
            decoder.initialize(manager, dataType, new Shape(inputShapes[0].get(0), latent));
            if (head != null) {
                head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), latent));
            }
        }
    }

    /** Parameter counts per top-level name, for logs. */
    static Map<String, Long> parameterCounts(Block block) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (var p : block.getParameters()) {
            counts.put(p.getKey(), p.getValue().getArray().size());
        }
        return counts;
    }
}
