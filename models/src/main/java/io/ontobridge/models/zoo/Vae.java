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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

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
public final class Vae extends AbstractBlock implements Nets.LayeredNet {
    static final List<String> LAYERS = List.of("enc_hidden", "latent_mean", "latent_logvar");
    static final String CLASS_LOGITS = "class_logits";
    private final int latent;
    private final int classes;
    private final List<String> layers;
    private final Nets.Staged encoder;
    private final Nets.Staged decoder;
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
        encoder = addChildBlock("encoder", new Nets.Staged()
                .add("conv1", Nets.seq(Nets.conv(32, 4, 2, 1), Activation.reluBlock()))
                .add("conv2", Nets.seq(Nets.conv(64, 4, 2, 1), Activation.reluBlock()))
                .add("conv3", Nets.seq(Nets.conv(64, 4, 2, 1), Activation.reluBlock()))
                .add("enc_hidden", Nets.seq(Blocks.batchFlattenBlock(), Nets.linear(256), Activation.reluBlock()))
                .add("latent", Nets.linear(2 * latent)));
        // Dense -> reshape to 64x4x4 -> nearest upsample + conv (no Conv2dTranspose on PyTorch) -> at
        // 8x8 a 16-channel conv, then pixel shuffle (r = 4) to 1x32x32. Convs with 1-8 output channels
        // gave sporadic NaN gradients in a trial; 16 channels + pixel shuffle did not.
        decoder = addChildBlock("decoder", new Nets.Staged()
                .add("dec_hidden", Nets.seq(Nets.linear(256), Activation.reluBlock(), Nets.linear(64 * 4 * 4), Activation.reluBlock(),
                        new LambdaBlock(l -> new NDList(l.singletonOrThrow().reshape(-1, 64, 4, 4)))))
                .add("up1", Nets.seq(new LambdaBlock(l -> new NDList(Nets.upsample2(l.singletonOrThrow()))), Nets.conv(64, 3, 1, 1),
                        Activation.reluBlock()))
                .add("up2", Nets.seq(new LambdaBlock(l -> new NDList(Nets.upsample2(l.singletonOrThrow()))), Nets.conv(32, 3, 1, 1),
                        Activation.reluBlock()))
                // 16 channels at 16x16 -> pixel shuffle -> 4 x 32x32, averaged into the one output channel.
                .add("out", Nets.seq(Nets.conv(16, 3, 1, 1),
                        new LambdaBlock(l -> new NDList(Nets.pixelShuffle(l.singletonOrThrow(), 2))),
                        new LambdaBlock(l -> new NDList(l.singletonOrThrow().mean(new int[] {1}, true))))));
        // Added last, so a plain VAE's parameters keep their order and names.
        head = classes > 0 ? addChildBlock("class_head", Nets.linear(classes)) : null;
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
        Shape image = new Shape(b, 1, Nets.IMAGE_SIZE, Nets.IMAGE_SIZE);
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
