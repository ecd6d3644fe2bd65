package io.ontobridge.models.encoder;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.ontobridge.models.encoder.DecoderGraph.Variant;
import io.ontobridge.models.encoder.ModelInputs.Feed;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ConceptSpecs;
import io.ontobridge.platform.concept.Pooling;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.ErrorType;
import io.ontobridge.schema.SampleInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoder-only read-outs on ONNX Runtime: a tiny GPT-2-shaped ONNX graph and a word-level tokenizer.json, both
 * written by the test ({@link DecoderGraph}), read at inner blocks and checked against the same model computed in
 * plain Java.
 */
class DecoderOnnxTest {
    static final float TOLERANCE = 1e-4f;
    static final List<String> TEXTS = List.of("the cat sat on the mat", "a dog ran", "then", "the dog ran far away home");

    @TempDir
    static Path dir;
    static DecoderGraph graph;
    static Path plain;
    static Path tokenizer;
    static Path bosTokenizer;

    @BeforeAll
    static void write() throws IOException {
        graph = new DecoderGraph(42);
        plain = dir.resolve("tiny-gpt.onnx");
        graph.write(Variant.PLAIN, plain);
        tokenizer = Files.writeString(dir.resolve("tokenizer.json"), DecoderGraph.tokenizerJson(false));
        bosTokenizer = Files.writeString(dir.resolve("tokenizer-bos.json"), DecoderGraph.tokenizerJson(true));
    }

    static EncoderSpec spec(Path model, Path tokenizerJson, String layer, String pooling, int maxTokens, boolean truncate) {
        return new EncoderSpec("tiny-gpt", "1", model.toString(), tokenizerJson.toString(), layer, maxTokens, truncate,
                null, Pooling.parse(pooling));
    }

    static TextEncoder open(Path model, String layer, String pooling) {
        return TextEncoder.open(spec(model, tokenizer, layer, pooling, 16, false), dir.resolve("cache"));
    }

    /** The plain-Java read-out of {@code layer} for a text of these token ids. */
    static float[] expected(int[] ids, String layer, String pooling) {
        float[][] states = graph.forward(ids).get(layer);
        float[] flat = new float[states.length * DecoderGraph.D];
        for (int t = 0; t < states.length; t++) {
            System.arraycopy(states[t], 0, flat, t * DecoderGraph.D, DecoderGraph.D);
        }
        return Pooling.parse(pooling).pool(flat, 0, states.length, DecoderGraph.D);
    }

    static float[] expected(String text, String layer, String pooling) {
        return expected(DecoderGraph.ids(text), layer, pooling);
    }

    @Test
    void lastMeanAndPositionReadOutsAtAnInnerBlockMatchThePlainJavaModel() {
        String layer = DecoderGraph.block(0);
        for (String pooling : List.of("last", "mean", "cls", "position:1", "position:-2")) {
            try (TextEncoder encoder = open(plain, layer, pooling)) {
                assertEquals(DecoderGraph.D, encoder.dimension());
                List<Encoding> out = encoder.encode(TEXTS.subList(0, 2));
                for (int i = 0; i < 2; i++) {
                    assertTrue(out.get(i).ok(), out.get(i).rejection());
                    assertEquals(DecoderGraph.ids(TEXTS.get(i)).length, out.get(i).tokens(), "no special tokens");
                    assertArrayEquals(expected(TEXTS.get(i), layer, pooling), out.get(i).vector(), TOLERANCE,
                            pooling + " of text " + i);
                }
            }
        }
        // The read-outs do differ: last is not the mean, and an inner block is not the final norm.
        assertFalse(Math.abs(expected(TEXTS.get(0), layer, "last")[0] - expected(TEXTS.get(0), layer, "mean")[0]) < 1e-3);
    }

    @Test
    void everyBlockAndTheFinalNormMatch() {
        for (String layer : List.of(DecoderGraph.EMBEDDINGS, "/transformer/h.0/Add_output_0", DecoderGraph.block(1),
                DecoderGraph.FINAL_NORM)) {
            try (TextEncoder encoder = open(plain, layer, "last")) {
                assertArrayEquals(expected(TEXTS.get(3), layer, "last"), encoder.encode(List.of(TEXTS.get(3))).get(0).vector(),
                        TOLERANCE, layer);
            }
        }
    }

    @Test
    void paddingInABatchDoesNotChangeAReadOut() {
        try (TextEncoder encoder = open(plain, DecoderGraph.block(1), "last")) {
            List<Encoding> batch = encoder.encode(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] alone = encoder.encode(List.of(TEXTS.get(i))).get(0).vector();
                assertArrayEquals(alone, batch.get(i).vector(), 1e-5f, TEXTS.get(i));
                assertArrayEquals(expected(TEXTS.get(i), DecoderGraph.block(1), "last"), batch.get(i).vector(), TOLERANCE);
            }
        }
    }

    @Test
    void aLaterTokenDoesNotChangeAnEarlierPositionsState() {
        String shorter = "the cat sat";
        String longer = "the cat sat on the mat";
        for (int position = 0; position < 3; position++) {
            try (TextEncoder encoder = open(plain, DecoderGraph.block(1), "position:" + position)) {
                List<Encoding> out = encoder.encode(List.of(shorter, longer));
                assertArrayEquals(out.get(0).vector(), out.get(1).vector(), 1e-5f, "position " + position);
            }
        }
        try (TextEncoder encoder = open(plain, DecoderGraph.block(1), "last")) {
            List<Encoding> out = encoder.encode(List.of(shorter, longer));
            assertFalse(Math.abs(out.get(0).vector()[0] - out.get(1).vector()[0]) < 1e-3, "the last token moved on");
        }
    }

    @Test
    void theInputsComeFromTheGraphNoTokenTypeIdsAndPositionIds() throws IOException {
        ModelInputs inputs = ModelInputs.read(plain, "tiny-gpt");
        assertEquals(List.of("input_ids", "attention_mask", "position_ids"),
                inputs.inputs().stream().map(ModelInputs.Input::name).toList());
        assertEquals(List.of(Feed.INPUT_IDS, Feed.ATTENTION_MASK, Feed.POSITION_IDS),
                inputs.inputs().stream().map(ModelInputs.Input::feed).toList());
        assertTrue(inputs.masked());
    }

    @Test
    void aGraphThatCountsPositionsItselfRunsToo() throws IOException {
        Path model = dir.resolve("no-position-ids.onnx");
        graph.write(new Variant(false, false, null), model);
        assertEquals(List.of("input_ids", "attention_mask"),
                ModelInputs.read(model, "m").inputs().stream().map(ModelInputs.Input::name).toList());
        try (TextEncoder encoder = open(model, DecoderGraph.block(1), "mean")) {
            List<Encoding> out = encoder.encode(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertArrayEquals(expected(TEXTS.get(i), DecoderGraph.block(1), "mean"), out.get(i).vector(), TOLERANCE);
            }
        }
    }

    @Test
    void aGraphWithoutAttentionMaskRunsEachTextAlone() throws IOException {
        Path model = dir.resolve("no-mask.onnx");
        graph.write(new Variant(true, false, null, false), model);
        assertFalse(ModelInputs.read(model, "m").masked());
        try (TextEncoder encoder = open(model, DecoderGraph.block(1), "last")) {
            List<Encoding> out = encoder.encode(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertArrayEquals(expected(TEXTS.get(i), DecoderGraph.block(1), "last"), out.get(i).vector(), TOLERANCE);
            }
        }
    }

    @Test
    void aCachedGenerationExportRunsWithEmptyPastTensors() throws IOException {
        Path model = dir.resolve("with-past.onnx");
        graph.write(new Variant(true, true, null), model);
        ModelInputs inputs = ModelInputs.read(model, "m");
        ModelInputs.Input past = inputs.inputs().get(3);
        assertEquals("past_key_values.0.key", past.name());
        assertEquals(Feed.EMPTY_PAST, past.feed());
        assertArrayEquals(new long[] {-1, DecoderGraph.HEADS, 0, DecoderGraph.HEAD_DIM}, past.pastShape());
        for (String layer : List.of(DecoderGraph.block(1), DecoderGraph.FINAL_NORM)) {
            try (TextEncoder encoder = open(model, layer, "last")) {
                List<Encoding> out = encoder.encode(TEXTS);
                for (int i = 0; i < TEXTS.size(); i++) {
                    assertArrayEquals(expected(TEXTS.get(i), layer, "last"), out.get(i).vector(), TOLERANCE);
                }
            }
        }
    }

    @Test
    void anInputThatCannotBeFedIsRefusedInOneLine() throws IOException {
        Path mystery = dir.resolve("mystery.onnx");
        graph.write(new Variant(true, false, "mystery"), mystery);
        var error = assertThrows(IllegalArgumentException.class, () -> open(mystery, DecoderGraph.block(0), "last"));
        assertEquals("model tiny-gpt wants an input 'mystery'; only input_ids, attention_mask, token_type_ids,"
                + " position_ids and past key/value inputs (fed empty) can be fed", error.getMessage());
        Path merged = dir.resolve("merged.onnx");
        graph.write(new Variant(true, false, "use_cache_branch"), merged);
        error = assertThrows(IllegalArgumentException.class, () -> open(merged, DecoderGraph.block(0), "last"));
        assertTrue(error.getMessage().startsWith("model tiny-gpt is a merged decoder (input use_cache_branch)"),
                error.getMessage());
        Path oddPast = dir.resolve("odd-past.onnx");
        graph.write(new Variant(true, false, "past_mystery"), oddPast);
        error = assertThrows(IllegalArgumentException.class, () -> open(oddPast, DecoderGraph.block(0), "last"));
        assertEquals("model tiny-gpt: cannot feed an empty past to input past_mystery (declared FLOAT [batch_size];"
                + " needs float32 with a batch dimension named like input_ids' and one other named dimension, the past"
                + " length); export the model without past inputs instead (optimum: --task text-generation, not"
                + " text-generation-with-past)", error.getMessage());
    }

    @Test
    void initializersListedAsInputsAreNotFedAndInputIdsAreNeeded() throws IOException {
        ModelProto model = graph.model(Variant.PLAIN);
        var weightsAsInput = model.getGraph().getInitializer(0); // old exports (IR 3) listed every weight as an input
        Path old = dir.resolve("old-style.onnx");
        Files.write(old, model.toBuilder().setGraph(model.getGraph().toBuilder().addInput(
                ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName(weightsAsInput.getName()))).build().toByteArray());
        assertEquals(List.of("input_ids", "attention_mask", "position_ids"),
                ModelInputs.read(old, "m").inputs().stream().map(ModelInputs.Input::name).toList());
        Path renamed = dir.resolve("no-input-ids.onnx");
        Files.write(renamed, model.toBuilder().setGraph(model.getGraph().toBuilder()
                .setInput(0, model.getGraph().getInput(0).toBuilder().setName("ids"))).build().toByteArray());
        var error = assertThrows(IllegalArgumentException.class, () -> ModelInputs.read(renamed, "m"));
        assertEquals("model m has no input_ids input (it declares [ids, attention_mask, position_ids]); a text model"
                + " takes token ids as input_ids", error.getMessage());
    }

    @Test
    void layerGraphCutsTheDecoderAtAnInnerBlock() throws Exception {
        Path cut = dir.resolve("cut.onnx");
        LayerGraph.cut(plain, DecoderGraph.block(0), true, cut, "tiny-gpt");
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(cut));
        assertEquals(List.of(DecoderGraph.block(0)), model.getGraph().getOutputList().stream().map(o -> o.getName()).toList());
        assertEquals(3, model.getGraph().getInputCount());
        for (NodeProto node : model.getGraph().getNodeList()) {
            assertFalse(node.getName().startsWith("/transformer/h.1/") || node.getName().startsWith("/transformer/ln_f")
                    || node.getOutputList().contains("logits"), node.getName());
        }
        assertTrue(model.getGraph().getInitializerList().stream().map(TensorProto::getName)
                .noneMatch(name -> name.startsWith("transformer.h.1.") || name.equals("lm_head.weight")));
        // The cut graph reads what the whole graph with the block added as an output reads.
        try (TextEncoder whole = TextEncoder.open(spec(plain, tokenizer, DecoderGraph.block(0), "last", 16, false),
                dir.resolve("cache"), false);
             TextEncoder pruned = open(plain, DecoderGraph.block(0), "last")) {
            assertArrayEquals(whole.encode(TEXTS).get(0).vector(), pruned.encode(TEXTS).get(0).vector(), 1e-6f);
        }
    }

    @Test
    void anUnknownLayerNamesTheDecodersBlocks() {
        var error = assertThrows(IllegalArgumentException.class, () -> open(plain, "/transformer/h.2/Add_1_output_0", "last"));
        String text = DeadLetters.describe(error);
        assertTrue(text.startsWith("model tiny-gpt has no tensor '/transformer/h.2/Add_1_output_0'; nearest: "
                + "/transformer/h.0/Add_1_output_0, /transformer/h.1/Add_1_output_0"), text);
        assertTrue(text.endsWith("hidden states: /transformer/h.{0..1}/Add_1_output_0, " + DecoderGraph.FINAL_NORM
                + ", logits"), text);
    }

    @Test
    void theTokenizersOwnPostProcessorSaysWhichSpecialTokensThereAre() {
        String layer = DecoderGraph.block(1);
        try (TextEncoder encoder = TextEncoder.open(spec(plain, bosTokenizer, layer, "cls", 16, false), dir.resolve("cache"));
             TextEncoder last = TextEncoder.open(spec(plain, bosTokenizer, layer, "last", 16, false), dir.resolve("cache"))) {
            Encoding bos = encoder.encode(List.of("a dog ran")).get(0);
            assertEquals(4, bos.tokens(), "<bos> a dog ran");
            assertArrayEquals(expected(new int[] {2}, layer, "last"), bos.vector(), TOLERANCE);
            int[] ids = {2, 8, 9, 10};
            assertArrayEquals(expected(ids, layer, "last"), last.encode(List.of("a dog ran")).get(0).vector(), TOLERANCE);
        }
    }

    @Test
    void maxTokensAndTruncateStillHold() {
        String layer = DecoderGraph.block(1);
        String six = "the cat sat on the mat";
        try (TextEncoder strict = TextEncoder.open(spec(plain, tokenizer, layer, "last", 4, false), dir.resolve("cache"));
             TextEncoder cutting = TextEncoder.open(spec(plain, tokenizer, layer, "last", 4, true), dir.resolve("cache"))) {
            Encoding refused = strict.encode(List.of(six)).get(0);
            assertEquals(ErrorType.INPUT_TOO_LONG, refused.errorType());
            assertEquals("text has 6 tokens, more than max_tokens 4", refused.rejection());
            assertEquals(ErrorType.INPUT_TOO_LONG, strict.vet(six));
            Encoding cut = cutting.encode(List.of(six)).get(0);
            assertTrue(cut.truncated());
            assertEquals(4, cut.tokens());
            assertArrayEquals(expected("the cat sat on", layer, "last"), cut.vector(), TOLERANCE);
        }
    }

    @Test
    void aTextShorterThanItsPositionIsRejectedAloneWithTheReason() {
        try (TextEncoder encoder = open(plain, DecoderGraph.block(0), "position:3")) {
            List<Encoding> out = encoder.encode(List.of("a dog", "the cat sat on"));
            assertEquals(ErrorType.INPUT_TOO_SHORT, out.get(0).errorType());
            assertEquals("text has 2 tokens, fewer than pooling position:3 reads (4)", out.get(0).rejection());
            assertEquals(ErrorType.INPUT_TOO_SHORT, encoder.vet("a dog"));
            assertEquals(null, encoder.vet("the cat sat on"));
            assertArrayEquals(expected("the cat sat on", DecoderGraph.block(0), "position:3"), out.get(1).vector(), TOLERANCE);
        }
    }

    /**
     * What target inference runs: the encoder {@link InputEncoders} opens from a concept spec's target, here a spec
     * file naming the ONNX decoder with {@code pooling: last} and the {@code input} baseline at its embeddings.
     */
    @Test
    void aConceptSpecWithPoolingLastOnAnOnnxDecoderRunsThroughTargetInference() throws IOException {
        String layer = DecoderGraph.block(1);
        Path file = Files.writeString(dir.resolve("decoder.yaml"), """
                concept: tiny-decoder
                source: {name: s, version: "1", model: "classpath:s.onnx", tokenizer: "classpath:s.json", layer: L}
                feature: {kind: unit, index: 3}
                generator: {corpus: [corpus.txt]}
                target:
                  name: tiny-gpt
                  version: "1"
                  model: tiny-gpt.onnx
                  tokenizer: tokenizer.json
                  layer: "%s"
                  pooling: last
                  max_tokens: 16
                  baselines: [input]
                  input_layer: "%s"
                """.formatted(layer, DecoderGraph.EMBEDDINGS));
        ConceptSpec spec = ConceptSpecs.load(file);
        assertEquals(Pooling.LAST, spec.target().readOut());
        try (InputEncoder encoder = InputEncoders.open(spec.target(), dir.resolve("cache"))) {
            assertEquals(DecoderGraph.D, encoder.dimension());
            List<Encoding> out = encoder.encode(List.of(text(TEXTS.get(0)), text(TEXTS.get(1)),
                    SampleInput.newBuilder().setImage(java.nio.ByteBuffer.wrap(new byte[] {1})).build()));
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(expected(TEXTS.get(i), layer, "last"), out.get(i).vector(), TOLERANCE);
                // The input baseline stays the mean over the token embeddings: a bag of words.
                assertArrayEquals(expected(TEXTS.get(i), DecoderGraph.EMBEDDINGS, "mean"),
                        out.get(i).baselines().get("input"), TOLERANCE);
            }
            assertEquals(ErrorType.UNSUPPORTED_INPUT, out.get(2).errorType());
        }
        // The default input_layer is a BERT tensor: the error says which field to set.
        Path bertDefault = Files.writeString(dir.resolve("default-input.yaml"),
                Files.readString(file).replace("  input_layer: \"" + DecoderGraph.EMBEDDINGS + "\"\n", ""));
        ConceptSpec noInputLayer = ConceptSpecs.load(bertDefault);
        var error = assertThrows(IllegalArgumentException.class,
                () -> InputEncoders.open(noInputLayer.target(), dir.resolve("cache")));
        assertTrue(error.getMessage().startsWith("the input baseline (input_layer): model tiny-gpt has no tensor"
                + " '/embeddings/LayerNorm/Add_1_output_0'"), error.getMessage());
    }

    private static SampleInput text(String text) {
        return SampleInput.newBuilder().setText(text).build();
    }
}
