package io.ontobridge.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.IdEmbedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoder-only transformer language model as a DJL block (GPT-2's layout, small): token and learned
 * position embeddings, {@code layers} pre-LayerNorm blocks of causal multi-head self-attention and an MLP
 * ({@link DecoderBlock}), a final LayerNorm and a linear head to the vocabulary.
 *
 * <p>Input: token ids {@code [batch, tokens]} (INT64, right-padded: causal attention keeps padding from
 * reaching the real tokens before it); output: next-token logits {@code [batch, tokens, vocabulary]}.
 *
 * <p>The residual stream ({@link #layerNames()}), each {@code [batch, tokens, width]}:
 * {@code resid.L} is the hidden state entering block L (L = 0: the embeddings), {@code resid.N} the stream
 * after the last of N blocks, and {@code final} that after the final LayerNorm (what the head reads).
 * This is Hugging Face GPT-2's {@code hidden_states} convention, {@code hidden_states[L]} = the stream
 * before block L, except at the top: GPT-2's {@code hidden_states[N]} has the final norm applied, which here
 * is {@code final}, while {@code resid.N} is the raw stream.
 */
public final class Transformer extends AbstractBlock {
    /** The read-out after the final LayerNorm. */
    public static final String FINAL = "final";

    private final LmArchitecture arch;
    private final int vocabularySize;
    private final Block tokens;
    private final Block positions;
    private final List<Block> blocks = new ArrayList<>();
    private final Block finalNorm;
    private final Block head;
    private final List<String> layerNames = new ArrayList<>();

    /**
     * One forward pass.
     *
     * @param stream the residual stream, one {@code [batch, tokens, width]} per {@link #layerNames()} name, in
     *               that order (empty when not asked for)
     * @param logits next-token logits {@code [batch, tokens, vocabulary]}
     */
    public record Trace(List<NDArray> stream, NDArray logits) {
    }

    public Transformer(LmArchitecture arch, int vocabularySize) {
        this.arch = arch;
        this.vocabularySize = vocabularySize;
        tokens = addChildBlock("tokens", new IdEmbedding.Builder().setDictionarySize(vocabularySize)
                .setEmbeddingSize(arch.width()).build());
        positions = addChildBlock("positions", new IdEmbedding.Builder().setDictionarySize(arch.context())
                .setEmbeddingSize(arch.width()).build());
        for (int l = 0; l < arch.layers(); l++) {
            blocks.add(addChildBlock("block" + l, new DecoderBlock(arch.width(), arch.heads(), arch.mlp())));
            layerNames.add("resid." + l);
        }
        layerNames.add("resid." + arch.layers());
        layerNames.add(FINAL);
        finalNorm = addChildBlock("final_norm", LayerNorm.builder().axis(2).build());
        head = addChildBlock("head", Linear.builder().setUnits(vocabularySize).build());
    }

    public LmArchitecture architecture() {
        return arch;
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    /** {@code resid.0} .. {@code resid.N}, then {@code final} (see the class comment). */
    public List<String> layerNames() {
        return List.copyOf(layerNames);
    }

    /** The index of a read-out name in {@link #layerNames()}; an unknown name is an error naming the known ones. */
    public int layerIndex(String layer) {
        int i = layerNames.indexOf(layer);
        if (i < 0) {
            throw new IllegalArgumentException("no layer '" + layer + "' in this language model (known: " + layerNames + ")");
        }
        return i;
    }

    /**
     * The forward pass with, optionally, steering and the residual stream.
     *
     * @param ids        token ids {@code [batch, tokens]}, INT64
     * @param steering   a vector to add to the stream (null: none)
     * @param keepStream whether to return the residual stream too
     */
    public Trace run(ParameterStore ps, NDArray ids, boolean training, Steering steering, boolean keepStream) {
        int t = Math.toIntExact(ids.getShape().get(1));
        if (t > arch.context()) {
            throw new IllegalArgumentException("a sequence of " + t + " tokens is longer than the model's context of "
                    + arch.context());
        }
        NDManager m = ids.getManager();
        int steerAt = steering == null ? -1 : layerIndex(steering.layer());
        if (steering != null && steering.vector().length != arch.width()) {
            throw new IllegalArgumentException("a steering vector of " + steering.vector().length
                    + " values; the residual stream is " + arch.width() + " wide");
        }
        NDArray pos = m.arange(0, t, 1, DataType.INT64);
        NDArray x = apply(ps, tokens, ids, training).add(apply(ps, positions, pos, training));
        NDArray mask = DecoderBlock.causalMask(m, t);
        List<NDArray> stream = new ArrayList<>();
        for (int l = 0; l < blocks.size(); l++) {
            x = steer(x, l, steerAt, steering, keepStream, stream);
            x = blocks.get(l).forward(ps, new NDList(x, mask), training).singletonOrThrow();
        }
        x = steer(x, blocks.size(), steerAt, steering, keepStream, stream);
        x = apply(ps, finalNorm, x, training);
        x = steer(x, blocks.size() + 1, steerAt, steering, keepStream, stream);
        return new Trace(stream, apply(ps, head, x, training));
    }

    /** Adds the steering vector when {@code layer} is where it goes, and keeps the (steered) state. */
    private static NDArray steer(NDArray x, int layer, int steerAt, Steering steering, boolean keep, List<NDArray> stream) {
        if (layer == steerAt) {
            Shape s = x.getShape();
            NDArray v = x.getManager().create(steering.scaled(), new Shape(1, 1, s.get(2)));
            if (steering.fromPosition() > 0) {
                float[] on = new float[Math.toIntExact(s.get(1))];
                for (int p = steering.fromPosition(); p < on.length; p++) {
                    on[p] = 1;
                }
                v = v.mul(x.getManager().create(on, new Shape(1, on.length, 1)));
            }
            x = x.add(v);
        }
        if (keep) {
            stream.add(x);
        }
        return x;
    }

    private static NDArray apply(ParameterStore ps, Block block, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(run(ps, inputs.singletonOrThrow(), training, null, false).logits());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), vocabularySize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        Shape x = new Shape(ids.get(0), ids.get(1), arch.width());
        tokens.initialize(manager, dataType, ids);
        positions.initialize(manager, dataType, new Shape(ids.get(1)));
        for (Block b : blocks) {
            b.initialize(manager, dataType, x, new Shape(ids.get(1), ids.get(1)));
        }
        finalNorm.initialize(manager, dataType, x);
        head.initialize(manager, dataType, x);
    }
}
