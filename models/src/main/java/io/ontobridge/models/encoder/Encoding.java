package io.ontobridge.models.encoder;

import java.util.Map;

/**
 * A model's read-out for one input: a vector, or the reason the input was rejected.
 *
 * @param vector    the read-out of the model's layer (for text: mean-pooled over tokens), or null when rejected
 * @param tokens    text: tokens the model saw (special tokens included), or the count an over-long text
 *                  had; 0 for images
 * @param truncated true when the text was cut to max_tokens
 * @param errorType a stable short code when rejected ({@link #EMPTY_INPUT}, {@link #INPUT_TOO_LONG},
 *                  {@link #UNSUPPORTED_INPUT}, {@link #BAD_IMAGE}), else null
 * @param rejection why no vector was made, for people, or null
 * @param baselines control read-outs of the same input by name ({@code input}, {@code random_init})
 *                  where the model was asked for them; empty otherwise
 */
public record Encoding(float[] vector, int tokens, boolean truncated, String errorType, String rejection,
                       Map<String, float[]> baselines) {

    /** The text is blank or has nothing but special tokens. */
    public static final String EMPTY_INPUT = "empty-input";

    /** The text has more tokens than max_tokens and the spec does not truncate. */
    public static final String INPUT_TOO_LONG = "input-too-long";

    /** The input is of a kind this model does not read (an image for a text model, or the reverse). */
    public static final String UNSUPPORTED_INPUT = "unsupported-input";

    /** The input's bytes are not an image of the size the model reads. */
    public static final String BAD_IMAGE = "bad-image";

    public Encoding {
        baselines = baselines == null ? Map.of() : Map.copyOf(baselines);
    }

    public Encoding(float[] vector, int tokens, boolean truncated, String errorType, String rejection) {
        this(vector, tokens, truncated, errorType, rejection, Map.of());
    }

    public static Encoding rejected(int tokens, String errorType, String why) {
        return new Encoding(null, tokens, false, errorType, why);
    }

    public boolean ok() {
        return rejection == null;
    }
}
