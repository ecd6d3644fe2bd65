package io.ontobridge.models.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a batch of tokenized texts into BERT-style input tensors, and the chosen hidden-state output
 * back into one mean-pooled vector per text.
 *
 * <p>It batches by itself (hence {@link NoBatchifyTranslator}): texts are right-padded to the longest
 * one and the attention mask hides the padding, so the pooled vector of a text does not depend on
 * what it was batched with. Pooling runs in plain Java because the ONNX Runtime engine implements
 * hardly any NDArray operations.
 */
final class MeanPoolTranslator implements NoBatchifyTranslator<MeanPoolTranslator.Tokens[], float[][]> {

    /** One text's token ids and token type ids, special tokens included. */
    record Tokens(long[] ids, long[] typeIds) {
        int length() {
            return ids.length;
        }
    }

    private static final String LENGTHS = "lengths";

    private final String output;
    private List<String> inputNames;

    /** @param output the name of the graph output to pool */
    MeanPoolTranslator(String output) {
        this.output = output;
    }

    @Override
    public void prepare(TranslatorContext ctx) {
        // Feed exactly the inputs the graph declares, in its order (DistilBERT-like exports lack
        // token_type_ids).
        inputNames = new ArrayList<>(ctx.getBlock().describeInput().keys());
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
        int[] lengths = new int[size];
        for (int i = 0; i < size; i++) {
            Tokens tokens = batch[i];
            lengths[i] = tokens.length();
            System.arraycopy(tokens.ids(), 0, ids, i * width, tokens.length());
            System.arraycopy(tokens.typeIds(), 0, types, i * width, tokens.length());
            Arrays.fill(mask, i * width, i * width + tokens.length(), 1L);
        }
        ctx.setAttachment(LENGTHS, lengths);

        NDManager manager = ctx.getNDManager();
        Shape shape = new Shape(size, width);
        NDList inputs = new NDList();
        for (String name : inputNames) {
            long[] data =
                    switch (name) {
                        case "input_ids" -> ids;
                        case "attention_mask" -> mask;
                        case "token_type_ids" -> types;
                        default -> throw new IllegalStateException(
                                "the model wants an input '" + name + "'; only input_ids, attention_mask and"
                                        + " token_type_ids can be fed");
                    };
            NDArray array = manager.create(data, shape);
            array.setName(name);
            inputs.add(array);
        }
        return inputs;
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
        float[][] pooled = new float[lengths.length][dim];
        for (int i = 0; i < lengths.length; i++) {
            float[] sum = pooled[i];
            for (int t = 0; t < lengths[i]; t++) { // the attention mask is 1 exactly for these positions
                int base = (i * width + t) * dim;
                for (int k = 0; k < dim; k++) {
                    sum[k] += values[base + k];
                }
            }
            for (int k = 0; k < dim; k++) {
                sum[k] /= lengths[i];
            }
        }
        return pooled;
    }
}
