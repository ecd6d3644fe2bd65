package io.ontobridge.platform.concept;

import java.util.Locale;

/**
 * How a text model's per-token hidden states become one read-out vector: the {@code pooling} field of a model
 * spec. Tokens are the ones the model sees (after the tokenizer's post-processor, special tokens included), with
 * padding never counted.
 *
 * <p>It lives beside the spec rather than with a model runtime so that every text model (ONNX encoders and
 * decoders, the project's own language models) pools by the same plain-Java arithmetic.
 *
 * @param mode     which tokens are read
 * @param position {@link Mode#POSITION}: the token index, negative counting from the end ({@code -1} is the
 *                 last token); 0 otherwise
 */
public record Pooling(Mode mode, int position) {

    public enum Mode {
        /** The mean over the text's tokens (the attention mask's ones): what BERT-style encoders are read by. */
        MEAN,
        /** The last token: for a decoder-only model, the only one that has seen the whole text. */
        LAST,
        /** The first token: [CLS] for BERT-style encoders. */
        CLS,
        /** One token by its index. */
        POSITION
    }

    public static final Pooling MEAN = new Pooling(Mode.MEAN, 0);
    public static final Pooling LAST = new Pooling(Mode.LAST, 0);
    public static final Pooling CLS = new Pooling(Mode.CLS, 0);
    /** What the message for a bad value lists. */
    static final String CHOICES = "mean, last, cls or position:N (N a token index, negative counting from the end)";

    public Pooling {
        if (mode != Mode.POSITION && position != 0) {
            throw new IllegalArgumentException("only position pooling has a position");
        }
    }

    /** One token by its index ({@code position:N}). */
    public static Pooling at(int position) {
        return new Pooling(Mode.POSITION, position);
    }

    /** The pooling a spec names: {@code mean}, {@code last}, {@code cls} or {@code position:N}. */
    public static Pooling parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "mean":
                return MEAN;
            case "last":
                return LAST;
            case "cls":
                return CLS;
            default:
                break;
        }
        if (value.startsWith("position:")) {
            try {
                return new Pooling(Mode.POSITION, Integer.parseInt(value.substring("position:".length()).trim()));
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not " + CHOICES);
    }

    /**
     * The index of the token read in a text of {@code length} tokens, or -1 when the text is too short to have it;
     * -1 as well for {@link Mode#MEAN}, which reads them all.
     */
    public int tokenIndex(int length) {
        int index = switch (mode) {
            case MEAN -> -1;
            case LAST -> length - 1;
            case CLS -> 0;
            case POSITION -> position >= 0 ? position : length + position;
        };
        return index >= 0 && index < length ? index : -1;
    }

    /** The fewest tokens a text needs for this pooling to read it. */
    public int minTokens() {
        return mode == Mode.POSITION ? (position >= 0 ? position + 1 : -position) : 1;
    }

    /**
     * Pools one text's hidden states.
     *
     * @param states the hidden states, {@code dim} values per token, row after row (a batch's padded rows may follow)
     * @param offset where the text's first token starts in {@code states}
     * @param length the text's tokens (padding excluded)
     * @throws IllegalArgumentException when the text is shorter than {@link #minTokens()}
     */
    public float[] pool(float[] states, int offset, int length, int dim) {
        if (length < minTokens()) {
            throw new IllegalArgumentException(tooShort(length));
        }
        float[] out = new float[dim];
        if (mode != Mode.MEAN) {
            System.arraycopy(states, offset + tokenIndex(length) * dim, out, 0, dim);
            return out;
        }
        for (int t = 0; t < length; t++) {
            int base = offset + t * dim;
            for (int k = 0; k < dim; k++) {
                out[k] += states[base + k];
            }
        }
        for (int k = 0; k < dim; k++) {
            out[k] /= length;
        }
        return out;
    }

    /** Why a text of {@code length} tokens cannot be read, for a rejection. */
    public String tooShort(int length) {
        return "text has " + length + (length == 1 ? " token" : " tokens") + ", fewer than pooling " + this
                + " reads (" + minTokens() + ")";
    }

    /** As a spec writes it. */
    @Override
    public String toString() {
        return mode == Mode.POSITION ? "position:" + position : mode.name().toLowerCase(Locale.ROOT);
    }
}
