package io.ontobridge.models.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.ontobridge.platform.concept.Pooling;

import java.util.Arrays;

/**
 * Turns a batch of tokenized texts into the input tensors the graph declares ({@link ModelInputs}), and the chosen
 * hidden-state output back into one pooled vector per text ({@link Pooling}: the mean over tokens, the last or first
 * token, or one token by position).
 *
 * <p>It batches by itself (hence {@link NoBatchifyTranslator}): texts are right-padded to the longest one and the
 * attention mask hides the padding, so the pooled vector of a text does not depend on what it was batched with
 * (with a causal decoder the padding comes after every real token, so it could not reach them anyway). Pooling runs
 * in plain Java because the ONNX Runtime engine implements hardly any NDArray operations.
 */
final class PoolingTranslator implements NoBatchifyTranslator<PoolingTranslator.Tokens[], float[][]> {

    /** One text's token ids and token type ids, special tokens included. */
    record Tokens(long[] ids, long[] typeIds) {
        int length() {
            return ids.length;
        }
    }

    /**
     * Position id of a padding token: Hugging Face's convention for decoders ({@code cumsum(mask) - 1}, then 1
     * where the mask is 0), which keeps it inside any position table. Real tokens count 0, 1, ... per row.
     */
    static final long PAD_POSITION = 1;
    private static final String LENGTHS = "lengths";

    private final String output;
    private final Pooling pooling;
    private final ModelInputs inputs;

    /**
     * @param output  the name of the graph output to pool
     * @param inputs  the graph's declared inputs
     */
    PoolingTranslator(String output, Pooling pooling, ModelInputs inputs) {
        this.output = output;
        this.pooling = pooling;
        this.inputs = inputs;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Tokens[] batch) {
        int size = batch.length;
        int width = 0;
        for (Tokens tokens : batch) {
            width = Math.max(width, tokens.length());
        }
        long[] ids = new long[size * width]; // padding: id 0 with mask 0, so its value never matters
        long[] mask = new long[size * width];
        long[] types = new long[size * width];
        long[] positions = new long[size * width];
        Arrays.fill(positions, PAD_POSITION);
        int[] lengths = new int[size];
        for (int i = 0; i < size; i++) {
            Tokens tokens = batch[i];
            lengths[i] = tokens.length();
            System.arraycopy(tokens.ids(), 0, ids, i * width, tokens.length());
            System.arraycopy(tokens.typeIds(), 0, types, i * width, tokens.length());
            Arrays.fill(mask, i * width, i * width + tokens.length(), 1L);
            for (int t = 0; t < tokens.length(); t++) {
                positions[i * width + t] = t;
            }
        }
        ctx.setAttachment(LENGTHS, lengths);
        return inputs.create(ctx.getNDManager(), size, width, ids, mask, types, positions);
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        NDArray hidden = list.size() == 1 ? list.singletonOrThrow() : list.get(output);
        if (hidden == null) {
            throw new IllegalStateException("the model returned no output named " + output);
        }
        Shape shape = hidden.getShape();
        if (shape.dimension() != 3) {
            throw new IllegalStateException(
                    "output " + output + " has shape " + shape + "; a hidden state [batch, tokens, size] is needed");
        }
        int width = (int) shape.get(1);
        int dim = (int) shape.get(2);
        float[] values = hidden.toFloatArray();
        int[] lengths = (int[]) ctx.getAttachment(LENGTHS);
        float[][] pooled = new float[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            // A row's tokens are its first lengths[i] positions: exactly where the attention mask is 1.
            pooled[i] = pooling.pool(values, i * width * dim, lengths[i], dim);
        }
        return pooled;
    }
}
