package io.ontobridge.models.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
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

    static Block conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).build();
    }

    static Block linear(int units) {
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

    static SequentialBlock seq(Block... blocks) {
        SequentialBlock s = new SequentialBlock();
        for (Block b : blocks) {
            s.add(b);
        }
        return s;
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
