package io.ontobridge.models.encoder;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.ontobridge.models.encoder.PoolingTranslator.Tokens;
import io.ontobridge.platform.concept.Pooling;
import io.ontobridge.platform.kafka.ErrorType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real MiniLM and BGE models shipped in the langchain4j jars (no network). */
class TextEncoderTest {

    static final Path CACHE = Path.of("target", "encoder-cache");
    static final String LAYER_3 = "/encoder/layer.3/output/LayerNorm/Add_1_output_0";
    static final String LAYER_7 = "/encoder/layer.7/output/LayerNorm/Add_1_output_0";
    static final String MINILM_ONNX = "classpath:all-minilm-l6-v2.onnx";
    static final String MINILM_TOKENIZER = "classpath:all-minilm-l6-v2-tokenizer.json";
    static final String BGE_ONNX = "classpath:bge-small-en-v1.5.onnx";
    static final String BGE_TOKENIZER = "classpath:bge-small-en-v1.5-tokenizer.json";

    static TextEncoder minilm;

    static EncoderSpec minilm(String layer, int maxTokens, boolean truncate, String sha256) {
        return new EncoderSpec(
                "all-minilm-l6-v2", "1", MINILM_ONNX, MINILM_TOKENIZER, layer, maxTokens, truncate, sha256);
    }

    static EncoderSpec bge(String layer) {
        return new EncoderSpec("bge-small-en-v1.5", "1", BGE_ONNX, BGE_TOKENIZER, layer, 512, false, null);
    }

    @BeforeAll
    static void open() throws Exception {
        minilm = TextEncoder.open(minilm(LAYER_3, 32, false, null), CACHE);
    }

    @AfterAll
    static void close() {
        if (minilm != null) {
            minilm.close();
        }
    }

    @Test
    void encodesAnInnerLayer() {
        assertEquals(384, minilm.dimension());
        assertEquals(64, minilm.sha256().length());
        List<Encoding> out =
                minilm.encode(
                        List.of(
                                "A man is playing a guitar.",
                                "Someone strums a guitar.",
                                "The stock market fell sharply on Tuesday."));
        for (Encoding e : out) {
            assertTrue(e.ok(), e.rejection());
            assertEquals(384, e.vector().length);
            for (float v : e.vector()) {
                assertTrue(Float.isFinite(v));
            }
        }
        double paraphrase = cosine(out.get(0).vector(), out.get(1).vector());
        double unrelated = cosine(out.get(0).vector(), out.get(2).vector());
        assertTrue(paraphrase > unrelated, paraphrase + " <= " + unrelated);
    }

    @Test
    void batchEqualsOneByOne() {
        List<String> texts =
                List.of(
                        "Short.",
                        "A somewhat longer sentence about ontologies and the concepts they name.",
                        "Padding must not change the pooled vector of a short text.");
        List<Encoding> batch = minilm.encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            Encoding single = minilm.encode(List.of(texts.get(i))).get(0);
            assertEquals(single.tokens(), batch.get(i).tokens());
            assertArrayEquals(single.vector(), batch.get(i).vector(), 1e-4f);
        }
    }

    @Test
    void lastHiddenStateMatchesTheUneditedModel() throws Exception {
        String text = "The edited graph must compute what the original computes.";
        float[] edited;
        try (TextEncoder encoder =
                TextEncoder.open(minilm("last_hidden_state", 512, false, null), CACHE)) {
            edited = encoder.encode(List.of(text)).get(0).vector();
        }
        Path onnx = ModelFiles.resolve(MINILM_ONNX, CACHE);
        Path tokenizerJson = ModelFiles.resolve(MINILM_TOKENIZER, CACHE);
        Criteria<Tokens[], float[][]> criteria =
                Criteria.builder()
                        .setTypes(Tokens[].class, float[][].class)
                        .optModelPath(onnx)
                        .optEngine("OnnxRuntime")
                        .optTranslator(new PoolingTranslator("last_hidden_state", Pooling.MEAN,
                                ModelInputs.read(onnx, "all-minilm-l6-v2")))
                        .build();
        float[] original;
        try (HuggingFaceTokenizer tokenizer =
                        HuggingFaceTokenizer.builder()
                                .optTokenizerPath(tokenizerJson)
                                .optTruncation(false)
                                .optPadding(false)
                                .build();
                ZooModel<Tokens[], float[][]> model = criteria.loadModel();
                Predictor<Tokens[], float[][]> predictor = model.newPredictor()) {
            var raw = tokenizer.encode(text);
            original = predictor.predict(new Tokens[] {new Tokens(raw.getIds(), raw.getTypeIds())})[0];
        }
        assertArrayEquals(original, edited, 1e-5f);
    }

    @Test
    void rejectsEmptyAndOverLongTextsWithoutBreakingTheBatch() {
        String longText = String.join(" ", Collections.nCopies(60, "word"));
        List<Encoding> out =
                minilm.encode(Arrays.asList("fine", "   ", longText, "also fine", null, "\u0000\u200b"));
        assertTrue(out.get(0).ok());
        assertEquals("empty text", out.get(1).rejection());
        assertEquals(ErrorType.EMPTY_INPUT, out.get(1).errorType());
        assertNull(out.get(1).vector());
        assertEquals("text has 62 tokens, more than max_tokens 32", out.get(2).rejection());
        assertEquals(ErrorType.INPUT_TOO_LONG, out.get(2).errorType());
        assertEquals(62, out.get(2).tokens());
        assertTrue(out.get(3).ok());
        assertNull(out.get(3).errorType());
        assertEquals("empty text", out.get(4).rejection());
        assertEquals("empty text", out.get(5).rejection());
        assertArrayEquals(minilm.encode(List.of("also fine")).get(0).vector(), out.get(3).vector(), 1e-4f);
    }

    @Test
    void vettingSaysWhatEncodingWouldRejectWithoutRunningTheModel() {
        String longText = String.join(" ", Collections.nCopies(60, "word"));
        List<String> texts = Arrays.asList("fine", "   ", longText, null, "\u0000\u200b", "x".repeat(5000));
        List<Encoding> encoded = minilm.encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(encoded.get(i).errorType(), minilm.vet(texts.get(i)), "text " + i);
        }
    }

    @Test
    void truncatesWhenAsked() throws Exception {
        String longText = String.join(" ", Collections.nCopies(60, "word"));
        try (TextEncoder encoder = TextEncoder.open(minilm(LAYER_3, 32, true, null), CACHE)) {
            List<Encoding> out = encoder.encode(List.of(longText, "short"));
            assertTrue(out.get(0).ok());
            assertTrue(out.get(0).truncated());
            assertEquals(32, out.get(0).tokens());
            assertFalse(out.get(1).truncated());
        }
    }

    @Test
    void truncationMatchesTheTokenizersOwn() throws Exception {
        Path tokenizerJson = ModelFiles.resolve(MINILM_TOKENIZER, CACHE);
        String text = "Truncation keeps the leading tokens and the closing special token of a text.";
        try (HuggingFaceTokenizer full =
                        HuggingFaceTokenizer.builder()
                                .optTokenizerPath(tokenizerJson).optTruncation(false).optPadding(false).build();
                HuggingFaceTokenizer cut =
                        HuggingFaceTokenizer.builder()
                                .optTokenizerPath(tokenizerJson).optTruncation(true).optMaxLength(8)
                                .optPadding(false).build()) {
            var raw = full.encode(text);
            Tokens mine =
                    TextEncoder.truncate(
                            new Tokens(raw.getIds(), raw.getTypeIds()), raw.getSpecialTokenMask(), 8);
            assertArrayEquals(cut.encode(text).getIds(), mine.ids());
        }
    }

    @Test
    void wrongSha256FailsClearly() {
        String wrong = "0".repeat(64);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TextEncoder.open(minilm(LAYER_3, 32, false, wrong), CACHE));
        assertTrue(e.getMessage().contains("all-minilm-l6-v2"), e.getMessage());
        assertTrue(e.getMessage().contains(wrong), e.getMessage());
        assertTrue(e.getMessage().contains(minilm.sha256()), e.getMessage());
        System.out.println("MESSAGE " + e.getMessage());
    }

    @Test
    void unknownLayerFailsClearly() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TextEncoder.open(minilm("/encoder/layer.9/output", 32, false, null), CACHE));
        String text = io.ontobridge.platform.kafka.DeadLetters.describe(e);
        assertTrue(text.startsWith("model all-minilm-l6-v2 has no tensor '/encoder/layer.9/output'; nearest: "), text);
        assertTrue(text.contains(" other tensors); hidden states: /embeddings/LayerNorm/Add_1_output_0,"
                + " /encoder/layer.{0..4}/output/LayerNorm/Add_1_output_0, last_hidden_state"), text);
        assertTrue(text.length() < 400, text.length() + " characters: " + text);
        System.out.println("MESSAGE " + text);
    }

    @Test
    void bgeSmallEncodesLayer7() throws Exception {
        try (TextEncoder bge = TextEncoder.open(bge(LAYER_7), CACHE)) {
            assertEquals(384, bge.dimension());
            List<Encoding> out = bge.encode(List.of("A man is playing a guitar.", "Someone strums a guitar."));
            assertTrue(out.get(0).ok() && out.get(1).ok());
            assertTrue(cosine(out.get(0).vector(), out.get(1).vector()) > 0.5);
        }
    }

    @Test
    void prunedGraphMatchesTheFullGraphAtTheSameLayer() throws Exception {
        List<String> texts = List.of("Pruning drops later layers only.", "It must not change layer 3.");
        try (TextEncoder full = TextEncoder.open(minilm(LAYER_3, 32, false, null), CACHE, false)) {
            List<Encoding> expected = full.encode(texts);
            List<Encoding> actual = minilm.encode(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(expected.get(i).vector(), actual.get(i).vector(), 1e-5f);
            }
        }
    }

    /**
     * Prints figures to quote (batch of 32 texts of ~20 tokens; runs interleaved, best and median of
     * 15, since other work on the machine skews single runs); asserts nothing about speed.
     */
    @Test
    void throughput() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            texts.add("Sentence number " + i + " talks about a concept carried across from one model"
                    + " to another one.");
        }
        Map<String, TextEncoder> encoders = new LinkedHashMap<>();
        try {
            for (EncoderSpec spec : List.of(minilm(LAYER_3, 512, false, null), bge(LAYER_7))) {
                String label = spec.name() + " " + spec.layer();
                encoders.put(label + " layer-only ", TextEncoder.open(spec, CACHE, true));
                encoders.put(label + " all-outputs", TextEncoder.open(spec, CACHE, false));
            }
            Map<String, List<Double>> millis = new LinkedHashMap<>();
            for (var entry : encoders.entrySet()) {
                entry.getValue().encode(texts); // warm-up
                millis.put(entry.getKey(), new ArrayList<>());
            }
            for (int round = 0; round < 15; round++) {
                for (var entry : encoders.entrySet()) {
                    long start = System.nanoTime();
                    entry.getValue().encode(texts);
                    millis.get(entry.getKey()).add((System.nanoTime() - start) / 1e6);
                }
            }
            int tokens = encoders.values().iterator().next().encode(texts).get(0).tokens();
            for (var entry : millis.entrySet()) {
                List<Double> ms = entry.getValue();
                Collections.sort(ms);
                System.out.printf(
                        Locale.ROOT,
                        "THROUGHPUT %s batch=32 tokens/text=%d: best %.1f ms (%.0f texts/s), median %.1f ms"
                                + " (%.0f texts/s)%n",
                        entry.getKey(), tokens, ms.get(0), 32_000 / ms.get(0), ms.get(ms.size() / 2),
                        32_000 / ms.get(ms.size() / 2));
            }
        } finally {
            encoders.values().forEach(TextEncoder::close);
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
