package io.ontobridge.platform.concept;

import java.nio.file.Path;
import java.util.List;

/**
 * One model as a concept spec names it: identity (name, version, optional pinned sha256), where its
 * files are, which internal layer is read out, and how input is fed to it.
 *
 * @param kind       {@code text} (an ONNX text encoder or decoder-only model, with a tokenizer), {@code image} (a
 *                   model of the project's shapes zoo: a folder with parameters and model.json) or {@code lm} (a
 *                   language model of the zoo, trained on a story world: a folder, its word vocabulary inside)
 * @param name       the model's name as it appears on every record
 * @param version    the model's version as it appears on every record
 * @param model      text: the ONNX file, {@code classpath:NAME} for a model shipped in a jar, or a path;
 *                   image, lm: the zoo model's folder
 * @param tokenizer  text only: the HuggingFace {@code tokenizer.json}, {@code classpath:NAME} or a path
 * @param sha256     optional pin: the model file's sha256; a mismatch refuses to start
 * @param layer      the internal tensor whose pooled read-out is used (ONNX tensor name; lm: {@code resid.0} ..
 *                   {@code resid.N}, {@code final})
 * @param maxTokens  longest input accepted, in tokens, special tokens included
 * @param truncate   cut longer inputs to max_tokens (recorded on the record) instead of rejecting them
 * @param batchSize  inputs per model call
 * @param baselines  target only: control read-outs the probe is also fitted on, to tell what the target
 *                   model adds: {@code input} (the raw input: pixels, or for text the token-embedding
 *                   layer {@code input_layer}) and {@code random_init} (the same layer of a randomly
 *                   initialized copy of the target; zoo models only: image and lm)
 * @param inputLayer text only: the layer the {@code input} baseline reads (default: BERT-style token
 *                   embeddings, {@code /embeddings/LayerNorm/Add_1_output_0}; lm: {@code resid.0}, the token and
 *                   position embeddings), always mean-pooled: a bag of words
 * @param minWidth   the fewest values the read-out of {@code layer} may have; a narrower one refuses to start, since
 *                   a tensor a few values wide (a LayerNorm's mean, a logit) is seldom the hidden state meant
 * @param pooling    text and lm: how the layer's per-token states become one vector, as {@link Pooling#parse} reads
 *                   it: {@code mean} (the default), {@code last}, {@code cls} or {@code position:N}
 */
public record ModelSpec(String kind, String name, String version, String model, String tokenizer, String sha256,
                        String layer, Integer maxTokens, Boolean truncate, Integer batchSize, List<String> baselines,
                        String inputLayer, Integer minWidth, String pooling) {
    public static final String TEXT_INPUT_LAYER = "/embeddings/LayerNorm/Add_1_output_0";
    public static final String LM_INPUT_LAYER = "resid.0";
    public static final List<String> KINDS = List.of("text", "image", "lm");
    public static final List<String> BASELINES = List.of("input", "random_init");
    public static final int DEFAULT_MIN_WIDTH = 8;

    public ModelSpec {
        kind = kind == null ? "text" : kind;
        maxTokens = maxTokens == null ? 128 : maxTokens;
        truncate = truncate != null && truncate;
        batchSize = batchSize == null ? 32 : batchSize;
        baselines = baselines == null ? List.of() : List.copyOf(baselines);
        inputLayer = inputLayer != null || "image".equals(kind) ? inputLayer
                : "lm".equals(kind) ? LM_INPUT_LAYER : TEXT_INPUT_LAYER;
        minWidth = minWidth == null ? DEFAULT_MIN_WIDTH : minWidth;
        pooling = pooling == null && !"image".equals(kind) ? "mean" : pooling;
    }

    /** A spec without a pooling field: text models take the default, {@code mean}. */
    public ModelSpec(String kind, String name, String version, String model, String tokenizer, String sha256,
                     String layer, Integer maxTokens, Boolean truncate, Integer batchSize, List<String> baselines,
                     String inputLayer, Integer minWidth) {
        this(kind, name, version, model, tokenizer, sha256, layer, maxTokens, truncate, batchSize, baselines,
                inputLayer, minWidth, null);
    }

    /** Text models: the {@code pooling} field read ({@link #validate} has checked it); null for image models. */
    public Pooling readOut() {
        return pooling == null ? null : Pooling.parse(pooling);
    }

    public boolean isImage() {
        return kind.equals("image");
    }

    /** A language model of the project's zoo (a folder, read by the project's own runtime, not ONNX). */
    public boolean isLanguageModel() {
        return kind.equals("lm");
    }

    /** A model of the project's zoo (image or language model): a folder that can be re-initialized at random. */
    public boolean isZoo() {
        return isImage() || isLanguageModel();
    }

    /** Whether the model reads text (an ONNX text model or a zoo language model). */
    public boolean readsText() {
        return !isImage();
    }

    /**
     * This model at another checkpoint (as announced on the models topic): its version, weights and pinned
     * sha256; a null tokenizer or layer keeps this spec's. Everything else (input handling, batch size,
     * baselines) stays.
     */
    public ModelSpec atCheckpoint(String newVersion, String newModel, String newTokenizer, String newLayer,
                                  String newSha256) {
        return new ModelSpec(kind, name, newVersion, newModel, newTokenizer == null ? tokenizer : newTokenizer,
                newSha256, newLayer == null ? layer : newLayer, maxTokens, truncate, batchSize, baselines, inputLayer, minWidth,
                pooling);
    }

    /** This spec with relative file paths resolved against {@code dir} ({@code classpath:} names stay). */
    ModelSpec resolvedAgainst(Path dir) {
        return new ModelSpec(kind, name, version, resolve(dir, model), resolve(dir, tokenizer), sha256, layer, maxTokens,
                truncate, batchSize, baselines, inputLayer, minWidth, pooling);
    }

    private static String resolve(Path dir, String location) {
        if (location == null || location.startsWith("classpath:")) {
            return location;
        }
        return dir.resolve(location).normalize().toString();
    }

    /** A file location that is not a jar resource must exist, so a typo is caught before anything starts. */
    private static void requireFile(String field, String location) {
        if (location != null && !location.startsWith("classpath:") && !java.nio.file.Files.exists(Path.of(location))) {
            throw new ConceptSpecException(field + ": no such file or folder " + location);
        }
    }

    void validate(String where) {
        if (!KINDS.contains(kind)) {
            throw new ConceptSpecException(where + ".kind: '" + kind + "' is not one of " + KINDS);
        }
        Validation.require(where + ".name", name);
        Validation.require(where + ".version", version);
        Validation.require(where + ".model", model);
        if (kind.equals("text")) {
            Validation.require(where + ".tokenizer", tokenizer);
        } else if (tokenizer != null) {
            throw new ConceptSpecException(where + ".tokenizer: a zoo model (kind " + kind + ") carries its own"
                    + " vocabulary in its folder; remove the field");
        }
        for (String baseline : baselines) {
            if (!BASELINES.contains(baseline)) {
                throw new ConceptSpecException(where + ".baselines: '" + baseline + "' is not one of " + BASELINES);
            }
            if (!isZoo() && baseline.equals("random_init")) {
                throw new ConceptSpecException(where + ".baselines: random_init needs a model the project can re-initialize"
                        + " (zoo models: kind image or lm); for an ONNX text model use input");
            }
        }
        Validation.require(where + ".layer", layer);
        requireFile(where + ".model", model);
        if (kind.equals("text")) {
            requireFile(where + ".tokenizer", tokenizer);
        }
        Validation.range(where + ".max_tokens", maxTokens, 2, 512);
        Validation.range(where + ".batch_size", batchSize, 1, 1024);
        Validation.range(where + ".min_width", minWidth, 1, 1 << 20);
        validatePooling(where);
        if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
            throw new ConceptSpecException(where + ".sha256: must be 64 hex digits, got '" + sha256 + "'");
        }
    }

    private void validatePooling(String where) {
        if (pooling == null) {
            return;
        }
        if (isImage()) {
            throw new ConceptSpecException(where + ".pooling: applies to text models only (an image model's layer"
                    + " is read as it is)");
        }
        Pooling read;
        try {
            read = Pooling.parse(pooling);
        } catch (IllegalArgumentException e) {
            throw new ConceptSpecException(where + ".pooling: " + e.getMessage());
        }
        if (read.minTokens() > maxTokens) {
            throw new ConceptSpecException(where + ".pooling: " + read + " needs texts of at least " + read.minTokens()
                    + " tokens, more than max_tokens " + maxTokens + " lets through");
        }
    }
}
