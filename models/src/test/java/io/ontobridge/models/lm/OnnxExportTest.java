package io.ontobridge.models.lm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.ontobridge.models.encoder.EncoderSpec;
import io.ontobridge.models.encoder.Encoding;
import io.ontobridge.models.encoder.InputEncoder;
import io.ontobridge.models.encoder.InputEncoders;
import io.ontobridge.models.encoder.TextEncoder;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ConceptSpecs;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A zoo language model exported to ONNX ({@link OnnxExport}) reads, through {@link TextEncoder} on ONNX Runtime, what
 * {@link LanguageModel#read} reads on PyTorch: every residual layer and the final norm, pooled three ways, on stories
 * of the story world; and the logits. The tokenizer.json puts the same tokens at the same positions.
 */
@ExtendWith(OneTorchThread.class)
class OnnxExportTest {
    /** float32 on two runtimes: sums in another order, erf and exp implemented apart. */
    static final float TOLERANCE = 1e-4f;
    static final Path TARGET_ZOO = Path.of("..", "zoo", "story-lm-target").toAbsolutePath().normalize();
    static final List<String> POOLINGS = List.of("last", "mean", "position:3");

    @TempDir
    static Path dir;
    static List<String> stories;
    static LanguageModel tiny;
    static OnnxExport.Exported tinyExport;

    @BeforeAll
    static void export() {
        stories = new StoryWorld(StoryConfig.load(Path.of("..", "worlds", "story", "source.yaml")), 5).next(50).stream()
                .map(Story::text).toList();
        // A tiny model over the world's whole vocabulary, so that it reads the same stories.
        tiny = LanguageModel.initialize(new LmArchitecture(2, 16, 2, 32, 64), WordVocabulary.of(StoryWorld.words()), 9);
        tinyExport = OnnxExport.export(tiny, dir.resolve("tiny-onnx"));
    }

    @AfterAll
    static void close() {
        tiny.close();
    }

    static TextEncoder open(OnnxExport.Exported exported, String tensor, String pooling) {
        return TextEncoder.open(new EncoderSpec("exported", "1", exported.model().toString(),
                exported.tokenizer().toString(), tensor, 64, false, null, Pooling.parse(pooling)), dir.resolve("cache"));
    }

    /** Asserts ONNX equals Java on every layer and pooling; returns the largest difference per layer. */
    static List<String> compareEveryLayer(LanguageModel model, OnnxExport.Exported exported) {
        List<String> report = new ArrayList<>();
        for (String layer : model.layerNames()) {
            float worst = 0;
            for (String pooling : POOLINGS) {
                float[][] java = model.read(stories, layer, Pooling.parse(pooling));
                try (TextEncoder encoder = open(exported, exported.layers().get(layer), pooling)) {
                    assertEquals(model.width(), encoder.dimension());
                    List<Encoding> onnx = encoder.encode(stories);
                    for (int i = 0; i < stories.size(); i++) {
                        assertTrue(onnx.get(i).ok(), onnx.get(i).rejection());
                        assertEquals(model.vocabulary().encodeSequence(stories.get(i)).length, onnx.get(i).tokens());
                        assertArrayEquals(java[i], onnx.get(i).vector(), TOLERANCE, layer + " " + pooling + ": " + stories.get(i));
                        worst = Math.max(worst, maxAbsDifference(java[i], onnx.get(i).vector()));
                    }
                }
            }
            report.add(layer + " " + exported.layers().get(layer) + " max |diff| " + String.format(Locale.ROOT, "%.2e", worst));
        }
        return report;
    }

    static float maxAbsDifference(float[] a, float[] b) {
        float max = 0;
        for (int k = 0; k < a.length; k++) {
            max = Math.max(max, Math.abs(a[k] - b[k]));
        }
        return max;
    }

    @Test
    void theTensorNamesAreGpt2s() {
        assertEquals(List.of("resid.0", "resid.1", "resid.2", "final"), List.copyOf(tinyExport.layers().keySet()));
        assertEquals(List.of("/transformer/Add_output_0", "/transformer/h.0/Add_1_output_0",
                "/transformer/h.1/Add_1_output_0", "/transformer/ln_f/LayerNormalization_output_0"),
                List.copyOf(tinyExport.layers().values()));
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.tensorName("resid.3", 2));
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.tensorName("resid.x", 2));
    }

    @Test
    void theGraphTakesInputIdsAndAttentionMaskAndGivesLogits() throws IOException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(tinyExport.model()));
        assertEquals(List.of("input_ids", "attention_mask"),
                model.getGraph().getInputList().stream().map(i -> i.getName()).toList());
        assertEquals(List.of("logits"), model.getGraph().getOutputList().stream().map(o -> o.getName()).toList());
        assertEquals(OnnxExport.OPSET, model.getOpsetImport(0).getVersion());
    }

    @Test
    void theTokenizerPutsTheSameTokensAtTheSamePositions() throws IOException {
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tinyExport.tokenizer())
                .optAddSpecialTokens(true).optTruncation(false).optPadding(false).build()) {
            List<String> texts = new ArrayList<>(stories);
            texts.add("the unicorn fled ."); // an unknown word: <unk>, as WordVocabulary.encode has it
            for (String text : texts) {
                long[] expected = Arrays.stream(tiny.vocabulary().encodeSequence(text)).asLongStream().toArray();
                assertArrayEquals(expected, tokenizer.encode(text).getIds(), text);
            }
        }
    }

    @Test
    void aTinyInitializedModelReadsTheSameOnOnnxRuntimeOnEveryLayer() {
        compareEveryLayer(tiny, tinyExport).forEach(line -> System.out.println("tiny " + line));
    }

    @Test
    void theLogitsAreTheSame() {
        try (TextEncoder encoder = open(tinyExport, "logits", "last")) {
            List<int[]> seqs = tiny.sequences(stories);
            float[][] java = tiny.lastLogits(seqs, null);
            List<Encoding> onnx = encoder.encode(stories);
            for (int i = 0; i < stories.size(); i++) {
                assertArrayEquals(java[i], onnx.get(i).vector(), TOLERANCE);
            }
        }
    }

    @Test
    void theTrainedTargetModelReadsTheSameOnOnnxRuntimeOnEveryLayer() {
        assumeTrue(Files.isDirectory(TARGET_ZOO), "no trained model at " + TARGET_ZOO);
        try (LanguageModel target = LanguageModel.load(TARGET_ZOO)) {
            long start = System.nanoTime();
            OnnxExport.Exported exported = OnnxExport.export(target, dir.resolve("target-onnx"));
            System.out.printf(Locale.ROOT, "story-lm-target export: %.0f ms, model.onnx %d bytes%n",
                    (System.nanoTime() - start) / 1e6, exported.model().toFile().length());
            compareEveryLayer(target, exported).forEach(line -> System.out.println("story-lm-target " + line));
        }
    }

    /**
     * What target inference runs: a concept spec whose target is the exported ONNX decoder ({@code kind: text}), read
     * at the last block's output with {@code pooling: last} and the input baseline at the embeddings.
     */
    @Test
    void aConceptSpecOnTheExportedDecoderRunsThroughTargetInference() throws IOException {
        String layer = tinyExport.layers().get("resid.2");
        Path file = Files.writeString(dir.resolve("exported.yaml"), """
                concept: exported-decoder
                source: {name: s, version: "1", model: "classpath:s.onnx", tokenizer: "classpath:s.json", layer: L}
                feature: {kind: unit, index: 3}
                generator: {corpus: [corpus.txt]}
                target:
                  name: tiny-lm-onnx
                  version: "1"
                  model: tiny-onnx/model.onnx
                  tokenizer: tiny-onnx/tokenizer.json
                  layer: "%s"
                  pooling: last
                  max_tokens: 64
                  baselines: [input]
                  input_layer: "%s"
                """.formatted(layer, OnnxExport.EMBEDDINGS));
        ConceptSpec spec = ConceptSpecs.load(file);
        List<String> some = stories.subList(0, 10);
        try (InputEncoder encoder = InputEncoders.open(spec.target(), dir.resolve("cache"))) {
            assertEquals(tiny.width(), encoder.dimension());
            List<SampleInput> inputs = new ArrayList<>(some.stream().map(t -> SampleInput.newBuilder().setText(t).build()).toList());
            inputs.add(SampleInput.newBuilder().setImage(java.nio.ByteBuffer.wrap(new byte[] {1})).build());
            List<Encoding> out = encoder.encode(inputs);
            float[][] java = tiny.read(some, "resid.2", Pooling.LAST);
            float[][] words = tiny.read(some, "resid.0", Pooling.MEAN);
            for (int i = 0; i < some.size(); i++) {
                assertArrayEquals(java[i], out.get(i).vector(), TOLERANCE);
                assertArrayEquals(words[i], out.get(i).baselines().get("input"), TOLERANCE);
            }
            assertEquals(ErrorType.UNSUPPORTED_INPUT, out.get(some.size()).errorType());
        }
    }
}
