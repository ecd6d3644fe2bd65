package io.ontobridge.models.encoder;

import io.ontobridge.platform.concept.ModelSpec;

import java.util.Objects;

/**
 * What to load: a text encoder and the internal layer whose mean-pooled hidden state is read out.
 *
 * @param name a short name for messages and logs, e.g. {@code "all-minilm-l6-v2"}
 * @param version the version the caller records next to the vectors
 * @param modelUri the ONNX file, see {@link ModelFiles#resolve}
 * @param tokenizerUri the Hugging Face {@code tokenizer.json}, see {@link ModelFiles#resolve}
 * @param layer the ONNX tensor to read, e.g. {@code /encoder/layer.3/output/LayerNorm/Add_1_output_0},
 *     or {@code last_hidden_state}
 * @param maxTokens the most tokens per text, special tokens included
 * @param truncate true: cut longer texts to {@code maxTokens}; false: reject them
 * @param expectedSha256 the SHA-256 the ONNX file must have, or null to accept any
 */
public record EncoderSpec(
        String name,
        String version,
        String modelUri,
        String tokenizerUri,
        String layer,
        int maxTokens,
        boolean truncate,
        String expectedSha256) {

    public EncoderSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(modelUri, "modelUri");
        Objects.requireNonNull(tokenizerUri, "tokenizerUri");
        Objects.requireNonNull(layer, "layer");
        if (maxTokens < 2) {
            throw new IllegalArgumentException(name + ": max_tokens must be at least 2, not " + maxTokens);
        }
    }

    /** The encoder a concept spec's model entry names (its batch size is the caller's business). */
    public static EncoderSpec of(ModelSpec model) {
        return new EncoderSpec(
                model.name(), model.version(), model.model(), model.tokenizer(), model.layer(),
                model.maxTokens(), model.truncate(), model.sha256());
    }
}
