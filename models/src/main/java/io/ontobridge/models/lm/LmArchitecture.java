package io.ontobridge.models.lm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The size of a decoder-only language model ({@link Transformer}); the vocabulary's size comes from its
 * {@link WordVocabulary}.
 *
 * @param layers  transformer blocks
 * @param width   the residual stream's width (model dimension)
 * @param heads   attention heads per block (divides the width)
 * @param mlp     hidden units of each block's MLP (GPT-2 uses 4 x width)
 * @param context the most tokens a sequence may hold ({@code <bos>} and {@code <eos>} included): the number of
 *                learned position embeddings
 */
public record LmArchitecture(int layers, int width, int heads, int mlp, int context) {
    public LmArchitecture {
        if (layers < 1 || width < 1 || heads < 1 || width % heads != 0 || mlp < 1 || context < 2) {
            throw new IllegalArgumentException("bad language model architecture: " + this
                    + " (layers, width, heads, mlp >= 1; heads divides width; context >= 2)");
        }
    }

    /** {@code layers} blocks of {@code width} with {@code heads} heads, an MLP of 4 x width and a context of 64. */
    public static LmArchitecture of(int layers, int width, int heads) {
        return new LmArchitecture(layers, width, heads, 4 * width, 64);
    }

    public LmArchitecture withContext(int n) {
        return new LmArchitecture(layers, width, heads, mlp, n);
    }

    /** As {@code model.json} records it under {@code hyper}. */
    public Map<String, Object> hyper() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("layers", layers);
        h.put("width", width);
        h.put("heads", heads);
        h.put("mlp", mlp);
        h.put("context", context);
        return h;
    }

    public static LmArchitecture fromHyper(Map<String, Object> hyper) {
        return new LmArchitecture(intOf(hyper, "layers"), intOf(hyper, "width"), intOf(hyper, "heads"),
                intOf(hyper, "mlp"), intOf(hyper, "context"));
    }

    private static int intOf(Map<String, Object> hyper, String key) {
        if (!(hyper.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' missing or not a number: " + hyper.get(key));
        }
        return n.intValue();
    }
}
