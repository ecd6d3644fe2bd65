package io.ontobridge.models.encoder;

import ai.djl.MalformedModelException;
import ai.djl.ModelException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.ontobridge.models.encoder.PoolingTranslator.Tokens;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.ErrorType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Encodes texts as the pooled hidden state of one named layer of an ONNX transformer, run by DJL on ONNX Runtime:
 * a BERT-style encoder or a decoder-only model (GPT-2-class exports), pooled as the spec says (the mean over tokens
 * by default; the last token, the first, or one by position). The inputs fed are the ones the graph declares
 * ({@link ModelInputs}); the tokens are what the tokenizer.json's own post-processor makes of a text, so an
 * encoder's [CLS]/[SEP] are there and a decoder's tokenizer adds whatever it adds (often nothing).
 *
 * <p>The ONNX file is edited once so that the wanted layer is its only output and everything after it
 * is dropped; the edited copy is cached under {@code cacheDir/layers}, keyed by the original file's
 * SHA-256 and the layer name.
 *
 * <p>Not thread-safe: it holds one DJL {@link Predictor}, which is not. Use one encoder per thread
 * (they are cheap to open once the cache is warm) or guard calls to {@link #encode}.
 */
public final class TextEncoder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TextEncoder.class);

    private final EncoderSpec spec;
    private final Path modelFile;
    private final String sha256;
    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<Tokens[], float[][]> model;
    private final Predictor<Tokens[], float[][]> predictor;
    private final boolean masked;
    private final int dimension;

    private TextEncoder(
            EncoderSpec spec,
            Path modelFile,
            String sha256,
            HuggingFaceTokenizer tokenizer,
            ZooModel<Tokens[], float[][]> model,
            Predictor<Tokens[], float[][]> predictor,
            boolean masked) {
        this.spec = spec;
        this.modelFile = modelFile;
        this.sha256 = sha256;
        this.tokenizer = tokenizer;
        this.model = model;
        this.predictor = predictor;
        this.masked = masked;
        this.dimension = run(new Tokens[] {dimensionProbe()})[0].length;
    }

    /** A text long enough for the pooling to read (a position pooling may need several tokens). */
    private Tokens dimensionProbe() {
        Tokens probe = tokenize("dimension probe");
        while (probe.length() < spec.pooling().minTokens()) {
            probe = new Tokens(twice(probe.ids()), twice(probe.typeIds()));
        }
        return probe;
    }

    private static long[] twice(long[] values) {
        long[] out = Arrays.copyOf(values, values.length * 2);
        System.arraycopy(values, 0, out, values.length, values.length);
        return out;
    }

    /**
     * Loads the encoder described by {@code spec}, extracting and editing files under {@code cacheDir}
     * the first time.
     *
     * @throws IllegalArgumentException if the ONNX file's SHA-256 is not the expected one, the model
     *     has no tensor named {@code spec.layer()}, or it wants an input that cannot be fed ({@link ModelInputs})
     * @throws UncheckedIOException if a file cannot be found, read or written
     * @throws IllegalStateException if DJL / ONNX Runtime cannot load the model
     */
    public static TextEncoder open(EncoderSpec spec, Path cacheDir) {
        try {
            return open(spec, cacheDir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("model " + spec.name() + ": " + DeadLetters.describe(e), e);
        } catch (ModelException e) {
            throw new IllegalStateException("model " + spec.name() + " cannot be loaded: " + DeadLetters.describe(e), e);
        }
    }

    /** @param layerOnly false keeps the model's own outputs too (the whole model runs); for comparison */
    static TextEncoder open(EncoderSpec spec, Path cacheDir, boolean layerOnly)
            throws IOException, ModelException {
        long start = System.nanoTime();
        Path onnx = ModelFiles.resolve(spec.modelUri(), cacheDir);
        Path tokenizerJson = ModelFiles.resolve(spec.tokenizerUri(), cacheDir);
        String sha256 = ModelFiles.sha256(onnx);
        if (spec.expectedSha256() != null && !spec.expectedSha256().equalsIgnoreCase(sha256)) {
            throw new IllegalArgumentException(
                    "model " + spec.name() + " " + spec.version() + ": " + onnx + " has SHA-256 " + sha256
                            + ", but the spec expects " + spec.expectedSha256());
        }
        Path edited = editedModel(spec, onnx, sha256, cacheDir, layerOnly);
        ModelInputs inputs = ModelInputs.read(edited, spec.name());

        // The tokenizer.json may carry its own truncation and padding (MiniLM's: 128 tokens, fixed);
        // both are turned off because encode() checks lengths itself and the translator pads. Special tokens are
        // whatever the file's post-processor adds: [CLS] ... [SEP] for BERT, none for GPT-2's byte-level one.
        HuggingFaceTokenizer tokenizer =
                HuggingFaceTokenizer.builder()
                        .optTokenizerPath(tokenizerJson)
                        .optAddSpecialTokens(true)
                        .optTruncation(false)
                        .optPadding(false)
                        .build();
        ZooModel<Tokens[], float[][]> model = null;
        try {
            Criteria<Tokens[], float[][]> criteria =
                    Criteria.builder()
                            .setTypes(Tokens[].class, float[][].class)
                            // Folder + name rather than the file itself, which DJL loads too but warns about.
                            .optModelPath(edited.getParent())
                            .optModelName(edited.getFileName().toString().replaceFirst("\\.onnx$", ""))
                            .optEngine("OnnxRuntime")
                            // Share ONNX Runtime's global thread pools (sized by ai.djl.onnxruntime.num_threads)
                            // instead of giving each session its own: about 4x faster on the build machine.
                            .optOption("disablePerSessionThreads", "true")
                            .optTranslator(new PoolingTranslator(spec.layer(), spec.pooling(), inputs))
                            .build();
            model = criteria.loadModel();
            TextEncoder encoder =
                    new TextEncoder(spec, onnx, sha256, tokenizer, model, model.newPredictor(), inputs.masked());
            log.info(
                    "opened encoder {} {} (sha256 {}), inputs {}, layer {} pooled {}, dimension {}, in {} ms",
                    spec.name(), spec.version(), sha256, inputs.inputs().stream().map(ModelInputs.Input::name).toList(),
                    spec.layer(), spec.pooling(), encoder.dimension,
                    (System.nanoTime() - start) / 1_000_000);
            return encoder;
        } catch (IOException | ModelException | RuntimeException e) {
            if (model != null) {
                model.close();
            }
            tokenizer.close();
            throw e;
        }
    }

    /** The SHA-256 (hex) of the original ONNX file: the identity of the weights. */
    public String sha256() {
        return sha256;
    }

    /** The length of every vector: the hidden size of the chosen layer. */
    public int dimension() {
        return dimension;
    }

    public EncoderSpec spec() {
        return spec;
    }

    /** The model's hidden states nearest to this encoder's layer ({@link LayerGraph#hiddenStates}), for messages. */
    List<String> hiddenStatesNearLayer() {
        try {
            return LayerGraph.hiddenStatesNear(modelFile, spec.layer());
        } catch (IOException e) {
            throw new UncheckedIOException("model " + spec.name() + ": " + DeadLetters.describe(e), e);
        }
    }

    /**
     * Why {@link #encode} would turn this text down ({@link ErrorType#EMPTY_INPUT},
     * {@link ErrorType#INPUT_TOO_LONG} or, for a position pooling, {@link ErrorType#INPUT_TOO_SHORT}), or null when
     * it takes it. Runs the tokenizer only, so whole corpora can be vetted before any model call.
     */
    public ErrorType vet(String text) {
        if (text == null || text.isBlank()) {
            return ErrorType.EMPTY_INPUT;
        }
        ai.djl.huggingface.tokenizers.Encoding raw = tokenizer.encode(text);
        if (Arrays.stream(raw.getSpecialTokenMask()).allMatch(special -> special == 1)) {
            return ErrorType.EMPTY_INPUT;
        }
        int length = raw.getIds().length;
        if (length > spec.maxTokens()) {
            if (!spec.truncate()) {
                return ErrorType.INPUT_TOO_LONG;
            }
            length = spec.maxTokens();
        }
        return length < spec.pooling().minTokens() ? ErrorType.INPUT_TOO_SHORT : null;
    }

    /**
     * One result per text, in order. Blank texts and texts over max_tokens (unless the spec truncates)
     * are rejected one by one; the rest go through the model in one forward pass, padded to the
     * longest, so the caller's list size is the batch size.
     *
     * @throws IllegalStateException if inference itself fails
     */
    public List<Encoding> encode(List<String> texts) {
        Encoding[] results = new Encoding[texts.size()];
        List<Integer> positions = new ArrayList<>();
        List<Tokens> accepted = new ArrayList<>();
        int max = spec.maxTokens();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                results[i] = Encoding.rejected(0, ErrorType.EMPTY_INPUT, "empty text");
                continue;
            }
            ai.djl.huggingface.tokenizers.Encoding raw = tokenizer.encode(text);
            Tokens tokens = new Tokens(raw.getIds(), raw.getTypeIds());
            if (Arrays.stream(raw.getSpecialTokenMask()).allMatch(special -> special == 1)) {
                // e.g. only control characters, which the tokenizer drops
                results[i] = Encoding.rejected(tokens.length(), ErrorType.EMPTY_INPUT, "empty text");
                continue;
            }
            boolean truncated = false;
            if (tokens.length() > max) {
                if (!spec.truncate()) {
                    results[i] = Encoding.rejected(tokens.length(), ErrorType.INPUT_TOO_LONG,
                            "text has " + tokens.length() + " tokens, more than max_tokens " + max);
                    continue;
                }
                tokens = truncate(tokens, raw.getSpecialTokenMask(), max);
                truncated = true;
            }
            if (tokens.length() < spec.pooling().minTokens()) {
                results[i] = Encoding.rejected(tokens.length(), ErrorType.INPUT_TOO_SHORT,
                        spec.pooling().tooShort(tokens.length()));
                continue;
            }
            results[i] = new Encoding(null, tokens.length(), truncated, null, null);
            positions.add(i);
            accepted.add(tokens);
        }
        if (!accepted.isEmpty()) {
            float[][] vectors = run(accepted.toArray(Tokens[]::new));
            for (int j = 0; j < vectors.length; j++) {
                Encoding pending = results[positions.get(j)];
                results[positions.get(j)] =
                        new Encoding(vectors[j], pending.tokens(), pending.truncated(), null, null);
            }
        }
        return Arrays.asList(results);
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        tokenizer.close();
    }

    private Tokens tokenize(String text) {
        ai.djl.huggingface.tokenizers.Encoding raw = tokenizer.encode(text);
        return new Tokens(raw.getIds(), raw.getTypeIds());
    }

    private float[][] run(Tokens[] batch) {
        if (!masked && batch.length > 1) {
            // No attention mask to hide padding: each text runs alone, unpadded.
            float[][] out = new float[batch.length][];
            for (int i = 0; i < batch.length; i++) {
                out[i] = run(new Tokens[] {batch[i]})[0];
            }
            return out;
        }
        try {
            return predictor.predict(batch);
        } catch (TranslateException e) {
            throw new IllegalStateException(
                    "encoder " + spec.name() + " failed on a batch of " + batch.length + " texts", e);
        }
    }

    /**
     * Cuts to {@code max} tokens keeping the trailing special tokens (e.g. [SEP]), the way the
     * tokenizer's own truncation does for a single text.
     */
    static Tokens truncate(Tokens tokens, long[] specialMask, int max) {
        int n = tokens.length();
        int tail = 0;
        while (tail < n && tail < max - 1 && specialMask[n - 1 - tail] == 1) {
            tail++;
        }
        return new Tokens(cut(tokens.ids(), max, tail), cut(tokens.typeIds(), max, tail));
    }

    private static long[] cut(long[] values, int max, int tail) {
        long[] out = Arrays.copyOf(values, max);
        System.arraycopy(values, values.length - tail, out, max - tail, tail);
        return out;
    }

    /** The ONNX file edited for {@code spec.layer()}, made once per (original sha256, layer). */
    private static Path editedModel(
            EncoderSpec spec, Path onnx, String sha256, Path cacheDir, boolean layerOnly)
            throws IOException, MalformedModelException {
        String slug = spec.layer().replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+", "");
        String file = slug.substring(0, Math.min(slug.length(), 80))
                + "-" + ModelFiles.sha256(spec.layer()).substring(0, 8)
                + (layerOnly ? "" : "-all-outputs") + ".onnx";
        Path target = cacheDir.resolve("layers").resolve(sha256.substring(0, 16)).resolve(file);
        if (Files.isRegularFile(target)) {
            return target;
        }
        long start = System.nanoTime();
        LayerGraph.cut(onnx, spec.layer(), layerOnly, target, spec.name());
        log.info(
                "wrote {} in {} ms",
                target, String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / 1e6));
        return target;
    }
}
