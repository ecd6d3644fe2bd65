package io.ontobridge.models.encoder;

import io.ontobridge.platform.concept.ModelSpec;
import io.ontobridge.platform.concept.Pooling;

import java.util.Objects;

/**
 * What to load: a text model (an ONNX encoder or decoder-only model) and the internal layer whose pooled hidden
 * state is read out.
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
 * @param pooling how the layer's per-token states become one vector
 */
public record EncoderSpec(
        String name,
        String version,
        String modelUri,
        String tokenizerUri,
        String layer,
        int maxTokens,
        boolean truncate,
        String expectedSha256,
        Pooling pooling) {

    public EncoderSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(modelUri, "modelUri");
        Objects.requireNonNull(tokenizerUri, "tokenizerUri");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(pooling, "pooling");
        if (maxTokens < 2) {
            throw new IllegalArgumentException(name + ": max_tokens must be at least 2, not " + maxTokens);
        }
    }

    /** An encoder read by the mean over tokens, the default. */
    public EncoderSpec(String name, String version, String modelUri, String tokenizerUri, String layer, int maxTokens,
                       boolean truncate, String expectedSha256) {
        this(name, version, modelUri, tokenizerUri, layer, maxTokens, truncate, expectedSha256, Pooling.MEAN);
    }

    /** This encoder read at another layer with another pooling (the {@code input} baseline's). */
    public EncoderSpec at(String otherLayer, Pooling otherPooling) {
        return new EncoderSpec(name, version, modelUri, tokenizerUri, otherLayer, maxTokens, truncate, expectedSha256,
                otherPooling);
    }

    /** The encoder a concept spec's model entry names (its batch size is the caller's business). */
    public static EncoderSpec of(ModelSpec model) {
        return new EncoderSpec(
                model.name(), model.version(), model.model(), model.tokenizer(), model.layer(),
                model.maxTokens(), model.truncate(), model.sha256(),
                model.readOut() == null ? Pooling.MEAN : model.readOut());
    }
}
