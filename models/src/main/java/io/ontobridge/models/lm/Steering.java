package io.ontobridge.models.lm;

/**
 * A vector added to the residual stream during the forward pass: at layer {@code layer} (a name of
 * {@link Transformer#layerNames()}, e.g. {@code resid.1}), {@code strength x vector} is added to the hidden
 * state of every position from {@code fromPosition} on (0: every position; positions count from {@code <bos>}
 * at 0). Later blocks, and so the logits, see the shifted stream; the read-out of that layer includes it.
 *
 * @param layer        where to add: {@code resid.L} (before block L, or after the last block for L = layers)
 *                     or {@code final} (after the final LayerNorm, right before the head)
 * @param vector       the direction, of the model's width
 * @param strength     its multiplier (0 changes nothing)
 * @param fromPosition the first position that gets it
 */
public record Steering(String layer, float[] vector, double strength, int fromPosition) {
    public Steering {
        if (layer == null || vector == null || vector.length == 0 || !Double.isFinite(strength) || fromPosition < 0) {
            throw new IllegalArgumentException("steering needs a layer, a vector, a finite strength and a position >= 0");
        }
        vector = vector.clone();
    }

    /** {@code strength x vector} added at {@code layer} to every position. */
    public static Steering at(String layer, float[] vector, double strength) {
        return new Steering(layer, vector, strength, 0);
    }

    /** The same steering from {@code position} on (earlier positions, such as a prompt's, are left alone). */
    public Steering from(int position) {
        return new Steering(layer, vector, strength, position);
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    /** {@code strength x vector}. */
    float[] scaled() {
        float[] out = new float[vector.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (strength * vector[i]);
        }
        return out;
    }
}
