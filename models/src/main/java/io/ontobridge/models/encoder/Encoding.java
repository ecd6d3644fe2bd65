package io.ontobridge.models.encoder;

import io.ontobridge.platform.kafka.ErrorType;

import java.util.Map;

/**
 * A model's read-out for one input: a vector, or the reason the input was rejected.
 *
 * @param vector    the read-out of the model's layer (for text: pooled over tokens as the spec's pooling says),
 *                  or null when rejected
 * @param tokens    text: tokens the model saw (special tokens included), or the count an over-long text
 *                  had; 0 for images
 * @param truncated true when the text was cut to max_tokens
 * @param errorType why it was rejected ({@link ErrorType#EMPTY_INPUT}, {@link ErrorType#INPUT_TOO_LONG},
 *                  {@link ErrorType#INPUT_TOO_SHORT}, {@link ErrorType#UNSUPPORTED_INPUT},
 *                  {@link ErrorType#BAD_IMAGE}), else null
 * @param rejection why no vector was made, for people, or null
 * @param baselines control read-outs of the same input by name ({@code input}, {@code random_init})
 *                  where the model was asked for them; empty otherwise
 */
public record Encoding(float[] vector, int tokens, boolean truncated, ErrorType errorType, String rejection,
                       Map<String, float[]> baselines) {

    public Encoding {
        baselines = baselines == null ? Map.of() : Map.copyOf(baselines);
    }

    public Encoding(float[] vector, int tokens, boolean truncated, ErrorType errorType, String rejection) {
        this(vector, tokens, truncated, errorType, rejection, Map.of());
    }

    public static Encoding rejected(int tokens, ErrorType errorType, String why) {
        return new Encoding(null, tokens, false, errorType, why);
    }

    public boolean ok() {
        return rejection == null;
    }
}
