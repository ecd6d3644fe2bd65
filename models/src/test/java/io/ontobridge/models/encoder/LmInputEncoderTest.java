package io.ontobridge.models.encoder;

import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.models.lm.LmArchitecture;
import io.ontobridge.models.lm.OneTorchThread;
import io.ontobridge.models.lm.WordVocabulary;
import io.ontobridge.platform.concept.ModelSpec;
import io.ontobridge.platform.concept.Pooling;
import io.ontobridge.platform.kafka.ErrorType;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.worlds.story.Story;
import io.ontobridge.worlds.story.StoryConfig;
import io.ontobridge.worlds.story.StoryWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Target inference on a zoo language model ({@code kind: lm}): read-outs, baselines and per-input rejections. */
@ExtendWith(OneTorchThread.class)
class LmInputEncoderTest {
    static final WordVocabulary VOCAB = WordVocabulary.of(List.of("the", "a", "knight", "dragon", "defeated", "was",
            "by", "fled", "."));
    static final LmArchitecture ARCH = new LmArchitecture(2, 16, 2, 32, 16);
    static final List<String> TEXTS = List.of("the knight defeated the dragon .", "a dragon fled .",
            "the dragon was defeated by a knight .");
    static final Path TARGET_ZOO = Path.of("..", "zoo", "story-lm-target").toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    static Path tiny;
    static LanguageModel model;

    @BeforeAll
    static void save() {
        tiny = dir.resolve("tiny-lm");
        try (LanguageModel fresh = LanguageModel.initialize(ARCH, VOCAB, 5)) {
            fresh.saveTo(tiny);
        }
        model = LanguageModel.load(tiny);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static ModelSpec spec(Path folder, String layer, String pooling, List<String> baselines) {
        return new ModelSpec("lm", "tiny-lm", "1", folder.toString(), null, null, layer, null, null, null, baselines,
                null, null, pooling);
    }

    static List<SampleInput> inputs(List<String> texts) {
        return texts.stream().map(t -> SampleInput.newBuilder().setText(t).build()).toList();
    }

    static float[][] vectors(List<Encoding> out) {
        return out.stream().map(Encoding::vector).toArray(float[][]::new);
    }

    @Test
    void theReadOutIsLanguageModelReadExactlyForEveryLayerAndPooling() {
        for (String layer : model.layerNames()) {
            for (String pooling : List.of("mean", "last", "position:2", "position:-2")) {
                try (InputEncoder encoder = InputEncoders.open(spec(tiny, layer, pooling, List.of()), dir)) {
                    assertEquals(16, encoder.dimension());
                    assertEquals(model.sha256(), encoder.sha256());
                    List<Encoding> out = encoder.encode(inputs(TEXTS));
                    float[][] expected = model.read(TEXTS, layer, Pooling.parse(pooling));
                    for (int i = 0; i < TEXTS.size(); i++) {
                        assertTrue(out.get(i).ok(), out.get(i).rejection());
                        assertArrayEquals(expected[i], out.get(i).vector(), 0f, layer + " " + pooling);
                        assertEquals(VOCAB.encodeSequence(TEXTS.get(i)).length, out.get(i).tokens());
                        assertTrue(out.get(i).baselines().isEmpty());
                    }
                }
            }
        }
    }

    @Test
    void aBatchLargerThanBatchSizeIsReadInBatchesWithTheSameResults() {
        ModelSpec small = new ModelSpec("lm", "tiny-lm", "1", tiny.toString(), null, null, "resid.2", null, null, 2,
                List.of(), null, null, "last");
        List<String> seven = new ArrayList<>(TEXTS);
        seven.addAll(TEXTS);
        seven.add("a knight fled .");
        try (InputEncoder encoder = InputEncoders.open(small, dir)) {
            List<Encoding> out = encoder.encode(inputs(seven));
            float[][] alone = model.read(seven, "resid.2", Pooling.LAST);
            for (int i = 0; i < seven.size(); i++) {
                // Batches of 2 pad differently from one of 7; causal attention keeps padding out, up to rounding.
                assertArrayEquals(alone[i], out.get(i).vector(), 1e-5f, seven.get(i));
            }
        }
    }

    @Test
    void baselinesAreTheMeanPooledEmbeddingsAndARandomInitCopy() {
        try (InputEncoder encoder = InputEncoders.open(spec(tiny, "resid.2", "last", List.of("input", "random_init")), dir);
             LanguageModel control = model.randomInitCopy(LmInputEncoder.RANDOM_INIT_SEED)) {
            List<Encoding> out = encoder.encode(inputs(TEXTS));
            float[][] words = model.read(TEXTS, "resid.0", Pooling.MEAN);
            float[][] random = control.read(TEXTS, "resid.2", Pooling.LAST);
            for (int i = 0; i < TEXTS.size(); i++) {
                Encoding e = out.get(i);
                assertEquals(2, e.baselines().size());
                assertEquals(16, e.baselines().get("input").length);
                assertEquals(16, e.baselines().get("random_init").length);
                // input: a bag of words, mean-pooled whatever the layer's pooling
                assertArrayEquals(words[i], e.baselines().get("input"), 0f);
                assertArrayEquals(random[i], e.baselines().get("random_init"), 0f);
                assertFalse(java.util.Arrays.equals(e.vector(), e.baselines().get("random_init")));
            }
        }
        // A mean-pooled layer reads its baseline in the same forward pass: the same values.
        try (InputEncoder encoder = InputEncoders.open(spec(tiny, "final", "mean", List.of("input")), dir)) {
            List<Encoding> out = encoder.encode(inputs(TEXTS));
            float[][] words = model.read(TEXTS, "resid.0", Pooling.MEAN);
            float[][] expected = model.read(TEXTS, "final", Pooling.MEAN);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertArrayEquals(words[i], out.get(i).baselines().get("input"), 0f);
                assertArrayEquals(expected[i], out.get(i).vector(), 0f);
            }
        }
    }

    @Test
    void eachTextTheModelCannotReadIsRejectedAloneWithItsReason() {
        String tooLong = String.join(" ", java.util.Collections.nCopies(15, "the")); // 17 tokens, context 16
        String readable = "a knight fled .";
        List<SampleInput> batch = List.of(
                SampleInput.newBuilder().setImage(ByteBuffer.wrap(new byte[] {1})).build(),
                SampleInput.newBuilder().setText("the unicorn fled .").build(),
                SampleInput.newBuilder().setText(readable).build(),
                SampleInput.newBuilder().setText("the <unk> fled .").build(),
                SampleInput.newBuilder().setText(tooLong).build(),
                SampleInput.newBuilder().setText("fled .").build(),
                SampleInput.newBuilder().setText("   ").build());
        try (InputEncoder encoder = InputEncoders.open(spec(tiny, "resid.1", "position:5", List.of("input")), dir)) {
            List<Encoding> out = encoder.encode(batch);
            assertEquals(ErrorType.UNSUPPORTED_INPUT, out.get(0).errorType());
            assertEquals("the sample has no text; this model reads text", out.get(0).rejection());
            assertEquals(ErrorType.UNSUPPORTED_INPUT, out.get(1).errorType());
            assertEquals("the word 'unicorn' is not in the model's vocabulary (13 tokens)", out.get(1).rejection());
            assertTrue(out.get(2).ok());
            assertArrayEquals(model.read(List.of(readable), "resid.1", Pooling.at(5))[0], out.get(2).vector(), 0f);
            assertEquals("the word '<unk>' is not in the model's vocabulary (13 tokens)", out.get(3).rejection());
            assertEquals(ErrorType.INPUT_TOO_LONG, out.get(4).errorType());
            assertEquals(17, out.get(4).tokens());
            assertEquals("text has 17 tokens (<bos> and <eos> included), more than the model's context of 16",
                    out.get(4).rejection());
            assertEquals(ErrorType.INPUT_TOO_SHORT, out.get(5).errorType());
            assertEquals("text has 4 tokens, fewer than pooling position:5 reads (6)", out.get(5).rejection());
            assertEquals(ErrorType.EMPTY_INPUT, out.get(6).errorType());
            for (int i : new int[] {0, 1, 3, 4, 5, 6}) {
                assertNull(out.get(i).vector());
                assertFalse(out.get(i).ok());
            }
        }
        // max_tokens below the context is the limit then
        ModelSpec eight = new ModelSpec("lm", "tiny-lm", "1", tiny.toString(), null, null, "resid.1", 8, null, null,
                List.of(), null, null, "last");
        try (InputEncoder encoder = InputEncoders.open(eight, dir)) {
            Encoding e = encoder.encode(inputs(List.of("the dragon was defeated by a knight ."))).get(0);
            assertEquals("text has 10 tokens (<bos> and <eos> included), more than max_tokens 8", e.rejection());
        }
    }

    @Test
    void aWrongLayerOrATooNarrowOneFailsAtOpenNamingTheLayers() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> InputEncoders.open(spec(tiny, "resid.9", "last", List.of()), dir));
        assertEquals("layer: model 'tiny-lm' has no layer 'resid.9' (its layers: resid.0, resid.1, resid.2, final)",
                error.getMessage());
        ModelSpec badInput = new ModelSpec("lm", "tiny-lm", "1", tiny.toString(), null, null, "resid.1", null, null, null,
                List.of("input"), "/transformer/Add_output_0", null, "last");
        error = assertThrows(IllegalArgumentException.class, () -> InputEncoders.open(badInput, dir));
        assertTrue(error.getMessage().startsWith("the input baseline (input_layer): model 'tiny-lm' has no layer"),
                error.getMessage());
        ModelSpec wide = new ModelSpec("lm", "tiny-lm", "1", tiny.toString(), null, null, "resid.1", null, null, null,
                List.of(), null, 32, "last");
        error = assertThrows(IllegalArgumentException.class, () -> InputEncoders.open(wide, dir));
        assertEquals("model tiny-lm: layer 'resid.1' reads out 16 values, fewer than min_width 32; its layers (all as"
                + " wide): resid.0, resid.1, resid.2, final (or set min_width: 16 to read it anyway)", error.getMessage());
        ModelSpec truncating = new ModelSpec("lm", "tiny-lm", "1", tiny.toString(), null, null, "resid.1", null, true,
                null, List.of(), null, null, "last");
        error = assertThrows(IllegalArgumentException.class, () -> InputEncoders.open(truncating, dir));
        assertTrue(error.getMessage().contains("truncate is not supported"), error.getMessage());
        ModelSpec pinned = new ModelSpec("lm", "tiny-lm", "1", tiny.toString(), null, "0".repeat(64), "resid.1", null,
                null, null, List.of(), null, null, "last");
        error = assertThrows(IllegalArgumentException.class, () -> InputEncoders.open(pinned, dir));
        assertTrue(error.getMessage().contains("sha256 mismatch"), error.getMessage());
    }

    @Test
    void theTrainedTargetModelReadsWorldStoriesAsLanguageModelReadDoes() {
        assumeTrue(Files.isDirectory(TARGET_ZOO), "no trained model at " + TARGET_ZOO);
        List<String> stories = new StoryWorld(StoryConfig.load(Path.of("..", "worlds", "story", "source.yaml")), 11)
                .next(50).stream().map(Story::text).toList();
        try (LanguageModel target = LanguageModel.load(TARGET_ZOO)) {
            String last = target.layerNames().get(target.layerNames().size() - 2); // resid.N
            ModelSpec spec = new ModelSpec("lm", "story-lm-target", "1", TARGET_ZOO.toString(), null, target.sha256(),
                    last, null, null, 64, List.of("input", "random_init"), null, null, "last");
            try (InputEncoder encoder = InputEncoders.open(spec, dir)) {
                assertEquals(target.width(), encoder.dimension());
                List<Encoding> out = encoder.encode(inputs(stories));
                float[][] expected = target.read(stories, last, Pooling.LAST);
                float[][] words = target.read(stories, "resid.0", Pooling.MEAN);
                for (int i = 0; i < stories.size(); i++) {
                    assertTrue(out.get(i).ok(), out.get(i).rejection());
                    assertArrayEquals(expected[i], out.get(i).vector(), 0f, stories.get(i));
                    assertArrayEquals(words[i], out.get(i).baselines().get("input"), 0f);
                    assertEquals(target.width(), out.get(i).baselines().get("random_init").length);
                }
            }
        }
    }
}
