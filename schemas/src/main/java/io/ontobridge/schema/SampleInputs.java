package io.ontobridge.schema;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** What a {@link SampleInput} is made of, as bytes: two samples with the same bytes are the same input. */
public final class SampleInputs {
    private SampleInputs() {
    }

    /** The text as UTF-8, or the encoded image's bytes; empty for an input with neither. */
    public static byte[] content(SampleInput input) {
        if (input.getText() != null) {
            return input.getText().getBytes(StandardCharsets.UTF_8);
        }
        if (input.getImage() != null) {
            ByteBuffer image = input.getImage().duplicate();
            byte[] bytes = new byte[image.remaining()];
            image.get(bytes);
            return bytes;
        }
        return new byte[0];
    }
}
