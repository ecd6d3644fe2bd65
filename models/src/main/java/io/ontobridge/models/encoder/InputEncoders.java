package io.ontobridge.models.encoder;

import io.ontobridge.platform.concept.ModelSpec;

import java.nio.file.Path;

/** Opens the right {@link InputEncoder} for a model spec: an ONNX text encoder or a shapes-zoo image model. */
public final class InputEncoders {
    private InputEncoders() {
    }

    public static InputEncoder open(ModelSpec spec, Path cacheDir) {
        if (spec.isImage()) {
            return ImageInputEncoder.open(spec);
        }
        TextEncoder encoder = TextEncoder.open(EncoderSpec.of(spec), cacheDir);
        if (!spec.baselines().contains("input")) {
            return new TextInputEncoder(encoder, null);
        }
        try {
            // The same model cut at its token-embedding layer: nearly free to run.
            EncoderSpec input = EncoderSpec.of(spec);
            return new TextInputEncoder(encoder, TextEncoder.open(new EncoderSpec(input.name(), input.version(),
                    input.modelUri(), input.tokenizerUri(), spec.inputLayer(), input.maxTokens(), input.truncate(),
                    input.expectedSha256()), cacheDir));
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }
}
