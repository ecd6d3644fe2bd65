package io.ontobridge.core.model;

/**
 * The read-out for one text: a vector, or the reason the text was rejected.
 *
 * @param vector the mean-pooled hidden state, or null when rejected
 * @param tokens tokens the model saw (special tokens included); for a rejected over-long text, the
 *     count it had
 * @param truncated true when the text was cut to max_tokens
 * @param errorType a stable short code when rejected ({@link #EMPTY_INPUT}, {@link #INPUT_TOO_LONG}),
 *     else null
 * @param rejection why no vector was made, for people, or null
 */
public record Encoding(
        float[] vector, int tokens, boolean truncated, String errorType, String rejection) {

    /** The text is blank or has nothing but special tokens. */
    public static final String EMPTY_INPUT = "empty-input";

    /** The text has more tokens than max_tokens and the spec does not truncate. */
    public static final String INPUT_TOO_LONG = "input-too-long";

    static Encoding rejected(int tokens, String errorType, String why) {
        return new Encoding(null, tokens, false, errorType, why);
    }

    public boolean ok() {
        return rejection == null;
    }
}
