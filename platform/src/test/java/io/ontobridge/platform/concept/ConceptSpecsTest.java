package io.ontobridge.platform.concept;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConceptSpecsTest {
    /** The shipped default concept, from the repository root. */
    static final Path SENTIMENT = Path.of("..", "concepts", "sentiment.yaml");

    @TempDir
    Path dir;

    @Test
    void loadsTheShippedSentimentSpec() {
        ConceptSpec spec = ConceptSpecs.load(SENTIMENT);
        assertEquals("sentiment", spec.concept());
        assertEquals("all-MiniLM-L6-v2", spec.source().name());
        assertEquals("/encoder/layer.3/output/LayerNorm/Add_1_output_0", spec.source().layer());
        assertEquals("direction", spec.feature().kind());
        assertEquals(20, spec.feature().positive().size());
        assertEquals(20, spec.feature().negative().size());
        assertEquals("bge-small-en-v1.5", spec.target().name());
        assertEquals(10, spec.probe().heldoutPercent());
        assertEquals(500, spec.monitor().minTrained());
    }

    @Test
    void loadsTheShippedShapesSpecWithPathsResolvedAgainstItsFolder() {
        ConceptSpec spec = ConceptSpecs.load(Path.of("..", "concepts", "shapes.yaml"));
        assertTrue(spec.source().isImage());
        assertEquals(Path.of("..", "zoo", "shapes-vae").toAbsolutePath().normalize().toString(), spec.source().model());
        assertEquals("is_triangle", spec.feature().factor());
        assertEquals("world+decoder", spec.generator().mode());
        assertEquals(Path.of("..", "worlds", "source.yaml").toAbsolutePath().normalize(),
                spec.resolve(spec.generator().world()));
        assertEquals(java.util.List.of("input", "random_init"), spec.target().baselines());
        assertEquals(null, spec.probe().learningRate(), "left out: each probe takes 0.1/sqrt(dimension)");
    }

    @Test
    void imageAndTextSettingsDoNotMix() throws IOException {
        String shapes = shapesSpecText();
        Path textMode = write(shapes.replace("mode: world+decoder", "mode: templates"));
        assertTrue(assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(textMode)).getMessage()
                .contains("generator.mode: 'templates' is not one of [world, decoder, world+decoder] for an image source model"));
        Path textRandomInit = write(Files.readString(SENTIMENT).replace("baselines: [input]", "baselines: [input, random_init]"));
        assertTrue(assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(textRandomInit)).getMessage()
                .contains("target.baselines: random_init needs a model the project can re-initialize"));
    }

    @Test
    void fillsDefaultsForOptionalSections() throws IOException {
        Path file = write("""
                concept: tiny
                source: {name: s, version: "1", model: "classpath:s.onnx", tokenizer: "classpath:s.json", layer: L}
                feature: {kind: unit, index: 3}
                generator: {corpus: [corpus.txt]}
                target: {name: t, version: "1", model: "classpath:t.onnx", tokenizer: "classpath:t.json", layer: L}
                """);
        ConceptSpec spec = ConceptSpecs.load(file);
        assertEquals("mixed", spec.generator().mode());
        assertEquals(java.util.List.of("corpus"), spec.generator().textSources(false));
        assertEquals(128, spec.source().maxTokens());
        assertEquals(8, spec.target().minWidth());
        assertEquals("mean", spec.target().pooling());
        assertEquals(Pooling.MEAN, spec.target().readOut());
        assertEquals("linear", spec.probe().kind());
        assertEquals(0.99, spec.monitor().residualQuantile());
        assertEquals(dir.resolve("corpus.txt").toAbsolutePath(), spec.resolve("corpus.txt"));
    }

    @Test
    void aMinWidthIsAtLeastOne() throws IOException {
        Path wide = write(shapesSpecText().replace("  layer: hidden\n", "  layer: hidden\n  min_width: 3\n"));
        assertEquals(3, ConceptSpecs.load(wide).target().minWidth());
        Path none = write(shapesSpecText().replace("  layer: hidden\n", "  layer: hidden\n  min_width: 0\n"));
        assertTrue(assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(none)).getMessage()
                .contains("target.min_width: must be between 1 and"));
    }

    @Test
    void mixedDrawsTheSpecsOwnSourcesAndTemplatesOnlyWhenNamed() throws IOException {
        String sentiment = Files.readString(SENTIMENT);
        GeneratorSpec shipped = ConceptSpecs.load(SENTIMENT).generator();
        assertEquals(java.util.List.of("templates"), shipped.textSources(true), "the sentiment spec asks for its templates");

        ConceptSpec mixed = ConceptSpecs.load(write(sentiment.replace("mode: templates", "mode: mixed\n  corpus: [c.txt]")));
        assertEquals(java.util.List.of("corpus", "examples"), mixed.generator().textSources(true));
        ConceptSpec named = ConceptSpecs.load(write(sentiment.replace("mode: templates",
                "mode: corpus+templates\n  corpus: [c.txt]")));
        assertEquals(java.util.List.of("corpus", "templates"), named.generator().textSources(true));
        assertEquals(java.util.List.of("examples"),
                ConceptSpecs.load(write(sentiment.replace("  mode: templates\n", ""))).generator().textSources(true),
                "left out, the mode is the spec's own sources: here its example sentences");

        var bogus = assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(write(
                sentiment.replace("mode: templates", "mode: templates+templates"))));
        assertTrue(bogus.getMessage().contains("joined by '+'"), bogus.getMessage());
        var noSources = assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(write("""
                concept: tiny
                source: {name: s, version: "1", model: "classpath:s.onnx", tokenizer: "classpath:s.json", layer: L}
                feature: {kind: unit, index: 3}
                target: {name: t, version: "1", model: "classpath:t.onnx", tokenizer: "classpath:t.json", layer: L}
                """)));
        assertTrue(noSources.getMessage().contains("has neither"), noSources.getMessage());
    }

    @Test
    void poolingIsReadAndBadValuesAreOneLineErrors() throws IOException {
        String text = """
                concept: tiny
                source: {name: s, version: "1", model: "classpath:s.onnx", tokenizer: "classpath:s.json", layer: L}
                feature: {kind: unit, index: 3}
                generator: {corpus: [corpus.txt]}
                target: {name: t, version: "1", model: "classpath:t.onnx", tokenizer: "classpath:t.json", layer: L,
                         max_tokens: 16, pooling: POOLING}
                """;
        assertEquals(Pooling.LAST, ConceptSpecs.load(write(text.replace("POOLING", "last"))).target().readOut());
        assertEquals(new Pooling(Pooling.Mode.POSITION, -2),
                ConceptSpecs.load(write(text.replace("POOLING", "\"position:-2\""))).target().readOut());
        var bad = assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(write(text.replace("POOLING", "max"))));
        assertTrue(bad.getMessage().endsWith("target.pooling: 'max' is not mean, last, cls or position:N (N a token"
                + " index, negative counting from the end)"), bad.getMessage());
        var far = assertThrows(ConceptSpecException.class,
                () -> ConceptSpecs.load(write(text.replace("POOLING", "\"position:16\""))));
        assertTrue(far.getMessage().endsWith("target.pooling: position:16 needs texts of at least 17 tokens, more than"
                + " max_tokens 16 lets through"), far.getMessage());
        Path image = write(shapesSpecText().replace("  layer: hidden\n", "  layer: hidden\n  pooling: mean\n"));
        var onImage = assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(image));
        assertTrue(onImage.getMessage().endsWith("target.pooling: applies to text models only (an image model's layer"
                + " is read as it is)"), onImage.getMessage());
        assertEquals(1, onImage.getMessage().lines().count());
    }

    @Test
    void anUnknownFieldIsAOneLineErrorNamingIt() throws IOException {
        Path file = write(Files.readString(SENTIMENT).replace("  batch_size: 32\n\nfeature:", "  batch_sise: 32\n\nfeature:"));
        var error = assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(file));
        assertTrue(error.getMessage().contains("unknown field 'source.batch_sise'"), error.getMessage());
        assertTrue(error.getMessage().contains("batch_size"), "lists the known fields: " + error.getMessage());
        assertEquals(1, error.getMessage().lines().count());
    }

    @Test
    void aBadValueNamesTheField() throws IOException {
        Path file = write(Files.readString(SENTIMENT).replace("heldout_percent: 10", "heldout_percent: 90"));
        var error = assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(file));
        assertTrue(error.getMessage().contains("probe.heldout_percent: must be between 1 and 50, got 90"), error.getMessage());

        Path wrongType = write(Files.readString(SENTIMENT).replace("max_tokens: 128", "max_tokens: lots"));
        var typeError = assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(wrongType));
        assertTrue(typeError.getMessage().contains("source.max_tokens"), typeError.getMessage());
    }

    @Test
    void aMissingModelFileIsNamedBeforeAnythingStarts() throws IOException {
        Path file = write(shapesSpecText().replace("shapes-cnn", "no-such-model"));
        var error = assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(file));
        assertTrue(error.getMessage().contains("target.model: no such file or folder"), error.getMessage());
        assertTrue(error.getMessage().contains("no-such-model"), error.getMessage());
    }

    @Test
    void missingFileAndMissingSections() throws IOException {
        var missing = assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(dir.resolve("nope.yaml")));
        assertTrue(missing.getMessage().contains("no such file"));
        Path noTarget = write("""
                concept: tiny
                source: {name: s, version: "1", model: "classpath:s.onnx", tokenizer: "classpath:s.json", layer: L}
                feature: {kind: direction, positive: [a]}
                """);
        var error = assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(noTarget));
        assertTrue(error.getMessage().contains("feature: kind 'direction' needs"), error.getMessage());
    }

    /** The shipped shapes spec with its relative paths made absolute, so a copy elsewhere still finds them. */
    @Test
    void loadsTheShippedStorySpec() {
        ConceptSpec spec = ConceptSpecs.load(Path.of("..", "concepts", "story.yaml"));
        assertTrue(spec.source().isLanguageModel());
        assertTrue(spec.target().isLanguageModel());
        assertEquals("hero_wins", spec.feature().factor());
        assertTrue(spec.feature().whiten());
        assertEquals("world+steered", spec.generator().mode());
        assertEquals(Path.of("..", "worlds", "story", "source.yaml").toAbsolutePath().normalize(),
                spec.resolve(spec.generator().world()));
        assertEquals("resid.2", spec.generator().steering().layer());
        assertEquals("mean_difference", spec.generator().steering().vector());
        assertEquals(0.0, spec.generator().steering().centre());
        assertEquals(60, spec.generator().sampling().maxNewTokens());
        assertEquals(java.util.List.of("input", "random_init"), spec.target().baselines());
    }

    @Test
    void languageModelGeneratorFieldsAreCheckedWithOneLineErrors() throws IOException {
        String story = storySpecText();
        String[][] cases = {
                {"mode: world+steered", "mode: world+decoder",
                        "generator.mode: 'world+decoder' is not one of [world, steered, world+steered] for a language model source (kind lm)"},
                {"  world: ", "  # world: ", "generator.world: a language model source needs a story world config"},
                {"steered_share: 0.3", "steered_share: 1.5", "generator.steered_share: must be in [0, 1], got 1.5"},
                {"prompt_sentences: 2", "prompt_sentences: 4", "generator.prompt_sentences: must be between 1 and 3, got 4"},
                {"vector: mean_difference", "vector: sideways", "generator.steering.vector: 'sideways' is not one of [mean_difference, feature]"},
                {"min_strength: -2", "min_strength: 3", "generator.steering: min_strength 3.0 and max_strength 2.0 must be finite, min <= max"},
                {"top_p: 1.0", "top_p: 0", "generator.sampling.top_p: must be in (0, 1], got 0.0"},
                {"temperature: 1.0", "temperature: -1", "generator.sampling.temperature: must be >= 0 (0 = greedy), got -1.0"},
        };
        for (String[] c : cases) {
            assertTrue(story.contains(c[0]), c[0]);
            Path file = write(story.replace(c[0], c[1]));
            var error = assertThrows(ConceptSpecException.class, () -> ConceptSpecs.load(file));
            assertTrue(error.getMessage().contains(c[2]), error.getMessage());
            assertEquals(1, error.getMessage().lines().count(), error.getMessage());
        }
        // Defaults where the lm fields are left out.
        Path bare = write(story.substring(0, story.indexOf("  steered_share:")) + story.substring(story.indexOf("  seed:")));
        GeneratorSpec generator = ConceptSpecs.load(bare).generator();
        assertEquals(0.5, generator.steeredShare());
        assertEquals(0.5, generator.promptShare());
        assertEquals(2, generator.promptSentences());
        assertEquals(null, generator.steering().layer(), "the source layer");
        assertEquals(-1.0, generator.steering().minStrength());
        assertEquals(1.0, generator.steering().maxStrength());
        assertEquals(1.0, generator.sampling().temperature());
    }

    private static String storySpecText() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        return Files.readString(root.resolve("concepts/story.yaml"))
                .replace("../zoo/", root.resolve("zoo") + "/").replace("../worlds/", root.resolve("worlds") + "/");
    }

    private static String shapesSpecText() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        return Files.readString(root.resolve("concepts/shapes.yaml"))
                .replace("../zoo/", root.resolve("zoo") + "/").replace("../worlds/", root.resolve("worlds") + "/");
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "spec", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
