package io.ontobridge.core.model;

import io.ontobridge.core.concept.ModelSpec;

import java.nio.file.Path;

/** Opens the right {@link InputEncoder} for a model spec: an ONNX text encoder or a shapes-zoo image model. */
public final class InputEncoders {
    private InputEncoders() {
    }

    public static InputEncoder open(ModelSpec spec, Path cacheDir) {
        if (spec.isImage()) {
            return ImageInputEncoder.open(spec);
        }
        return new TextInputEncoder(TextEncoder.open(EncoderSpec.of(spec), cacheDir));
    }
}
