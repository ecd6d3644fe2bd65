package io.ontobridge.models.lm;

/**
 * How a per-token read-out becomes one vector per text. A read sequence is {@code <bos>}, the words,
 * {@code <eos>} (as in training), with padding after it that no pooling sees.
 *
 * <ul>
 *   <li>{@link #LAST}: the last token, {@code <eos>}: it has attended to the whole text.</li>
 *   <li>{@link #MEAN}: the mean over every token of the sequence ({@code <bos>} and {@code <eos>} included).</li>
 *   <li>{@link #at(int)}: one position, counted from {@code <bos>} at 0 (a text too short for it is an error).</li>
 * </ul>
 */
public record Pooling(Kind kind, int position) {
    public enum Kind { LAST, MEAN, POSITION }

    public static final Pooling LAST = new Pooling(Kind.LAST, -1);
    public static final Pooling MEAN = new Pooling(Kind.MEAN, -1);

    public Pooling {
        if (kind == Kind.POSITION && position < 0) {
            throw new IllegalArgumentException("a pooled position is >= 0: " + position);
        }
    }

    public static Pooling at(int position) {
        return new Pooling(Kind.POSITION, position);
    }

    /** {@code last}, {@code mean} or {@code position:K} (as {@link #toString()} writes them). */
    public static Pooling parse(String s) {
        String v = s.strip().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("last")) {
            return LAST;
        }
        if (v.equals("mean")) {
            return MEAN;
        }
        if (v.startsWith("position:")) {
            try {
                return at(Integer.parseInt(v.substring("position:".length())));
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + s + "' (known: last, mean, position:K)");
    }

    /** The position this pooling reads in a sequence of {@code length} tokens (-1 for the mean). */
    int index(int length) {
        return switch (kind) {
            case LAST -> length - 1;
            case MEAN -> -1;
            case POSITION -> {
                if (position >= length) {
                    throw new IllegalArgumentException("pooling position " + position + " is past a sequence of "
                            + length + " tokens");
                }
                yield position;
            }
        };
    }

    /**
     * Pools row {@code row} of a flattened {@code [rows, tokens, width]} read-out whose sequence holds {@code length}
     * real tokens (the rest is padding).
     */
    float[] pool(float[] flat, int row, int tokens, int length, int width) {
        float[] v = new float[width];
        int at = index(length);
        if (at >= 0) {
            System.arraycopy(flat, (row * tokens + at) * width, v, 0, width);
            return v;
        }
        for (int p = 0; p < length; p++) {
            int base = (row * tokens + p) * width;
            for (int j = 0; j < width; j++) {
                v[j] += flat[base + j];
            }
        }
        for (int j = 0; j < width; j++) {
            v[j] /= length;
        }
        return v;
    }

    @Override
    public String toString() {
        return kind == Kind.POSITION ? "position:" + position : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
