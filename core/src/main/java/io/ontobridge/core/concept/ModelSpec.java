package io.ontobridge.core.concept;

/**
 * One model as a concept spec names it: identity (name, version, optional pinned sha256), where its
 * files are, which internal layer is read out, and how text is fed to it.
 *
 * @param name       the model's name as it appears on every record
 * @param version    the model's version as it appears on every record
 * @param model      the ONNX file: {@code classpath:NAME} for a model shipped in a jar, or a path
 * @param tokenizer  the HuggingFace {@code tokenizer.json}: {@code classpath:NAME} or a path
 * @param sha256     optional pin: the model file's sha256; a mismatch refuses to start
 * @param layer      the internal tensor whose mean-pooled read-out is used (ONNX tensor name)
 * @param maxTokens  longest input accepted, in tokens, special tokens included
 * @param truncate   cut longer inputs to max_tokens (recorded on the record) instead of rejecting them
 * @param batchSize  inputs per model call
 */
public record ModelSpec(String name, String version, String model, String tokenizer, String sha256, String layer,
                        Integer maxTokens, Boolean truncate, Integer batchSize) {
    public ModelSpec {
        maxTokens = maxTokens == null ? 128 : maxTokens;
        truncate = truncate != null && truncate;
        batchSize = batchSize == null ? 32 : batchSize;
    }

    void validate(String where) {
        Validation.require(where + ".name", name);
        Validation.require(where + ".version", version);
        Validation.require(where + ".model", model);
        Validation.require(where + ".tokenizer", tokenizer);
        Validation.require(where + ".layer", layer);
        Validation.range(where + ".max_tokens", maxTokens, 2, 512);
        Validation.range(where + ".batch_size", batchSize, 1, 1024);
        if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
            throw new ConceptSpecException(where + ".sha256: must be 64 hex digits, got '" + sha256 + "'");
        }
    }
}
