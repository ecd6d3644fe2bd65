package io.ontobridge.models.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.List;

/**
 * The shape classifier. Layers (values after the activation, and after pooling for convs):
 * {@code conv1} [16,16,16] = 4096, {@code conv2} [32,8,8] = 2048, {@code conv3} [64,4,4] = 1024,
 * their global average pools {@code conv1_pool} 16, {@code conv2_pool} 32, {@code conv3_pool} 64,
 * {@code hidden} (dense + ReLU, default 64), {@code logits} (3, before softmax) and {@code probabilities} (the
 * softmax of the logits: the classifier's decision, where a difference in what it calls a class shows even when
 * its hidden layer still holds what it drew).
 */
public final class Cnn extends AbstractBlock implements Nets.LayeredNet {
    static final List<String> LAYERS = List.of("conv1", "conv2", "conv3", "conv1_pool", "conv2_pool", "conv3_pool",
            "hidden", "logits", "probabilities");
    private final Nets.Staged net;

    Cnn(int hidden, int classes) {
        // 3x3 convs + 2x2 max pooling halve the image three times (32 -> 4); enough receptive
        // field to see a whole shape, small enough to train in about a minute on 2 CPU cores.
        Shape pool = new Shape(2, 2);
        net = addChildBlock("net", new Nets.Staged()
                .add("conv1", Nets.seq(Nets.conv(16, 3, 1, 1), Activation.reluBlock(), Pool.maxPool2dBlock(pool, pool)))
                .add("conv2", Nets.seq(Nets.conv(32, 3, 1, 1), Activation.reluBlock(), Pool.maxPool2dBlock(pool, pool)))
                .add("conv3", Nets.seq(Nets.conv(64, 3, 1, 1), Activation.reluBlock(), Pool.maxPool2dBlock(pool, pool)))
                .add("hidden", Nets.seq(Blocks.batchFlattenBlock(), Nets.linear(hidden), Activation.reluBlock()))
                .add("logits", Nets.linear(classes)));
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
        if (layer.equals("probabilities")) {
            return readLayer(ps, x, "logits").softmax(1);
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
