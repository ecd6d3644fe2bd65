package io.ontobridge.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm transformer block, as GPT-2 has it: {@code x + attention(ln1(x))}, then
 * {@code x + mlp(ln2(x))}. The attention is causal multi-head self-attention written with NDArray ops (DJL's
 * {@code ScaledDotProductAttentionBlock} is BERT's, with a padding mask rather than a causal one).
 *
 * <p>Input: {@code x [batch, tokens, width]} and the additive mask {@code [tokens, tokens]} of
 * {@link #causalMask}; output: {@code [batch, tokens, width]}.
 */
final class DecoderBlock extends AbstractBlock {
    /** Added to the attention score of a later position: its softmax weight underflows to exactly 0. */
    private static final float MASKED = -1e9f;

    private final int heads;
    private final int mlpUnits;
    private final Block ln1;
    private final Block qkv;
    private final Block proj;
    private final Block ln2;
    private final Block fc1;
    private final Block fc2;

    DecoderBlock(int width, int heads, int mlp) {
        this.heads = heads;
        this.mlpUnits = mlp;
        ln1 = addChildBlock("ln1", LayerNorm.builder().axis(2).build());
        qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * width).build());
        proj = addChildBlock("proj", Linear.builder().setUnits(width).build());
        ln2 = addChildBlock("ln2", LayerNorm.builder().axis(2).build());
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(mlp).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(width).build());
    }

    /** 0 where position i may attend to j (j <= i), a large negative number above the diagonal. */
    static NDArray causalMask(NDManager manager, int tokens) {
        float[] mask = new float[tokens * tokens];
        for (int i = 0; i < tokens; i++) {
            for (int j = i + 1; j < tokens; j++) {
                mask[i * tokens + j] = MASKED;
            }
        }
        return manager.create(mask, new Shape(tokens, tokens));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        x = x.add(attention(ps, apply(ps, ln1, x, training), mask, training));
        NDArray hidden = Activation.gelu(apply(ps, fc1, apply(ps, ln2, x, training), training));
        return new NDList(x.add(apply(ps, fc2, hidden, training)));
    }

    private NDArray attention(ParameterStore ps, NDArray h, NDArray mask, boolean training) {
        Shape s = h.getShape();
        long b = s.get(0), t = s.get(1), d = s.get(2), dh = d / heads;
        NDList qkvParts = apply(ps, qkv, h, training).split(3, 2);
        NDArray q = qkvParts.get(0).reshape(b, t, heads, dh).transpose(0, 2, 1, 3); // [b, heads, t, dh]
        NDArray k = qkvParts.get(1).reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
        NDArray v = qkvParts.get(2).reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(dh)).add(mask); // [b, heads, t, t]
        NDArray mixed = scores.softmax(3).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, d);
        return apply(ps, proj, mixed, training);
    }

    private static NDArray apply(ParameterStore ps, Block block, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        for (Block b : new Block[] {ln1, qkv, proj, ln2, fc1}) {
            b.initialize(manager, dataType, x);
        }
        fc2.initialize(manager, dataType, new Shape(x.get(0), x.get(1), mlpUnits));
    }
}
