package io.ontobridge.deploy.cli;

import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.models.lm.LmArchitecture;
import io.ontobridge.models.lm.WordVocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.ontobridge.deploy.cli.StandardOut.captured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code layers} lists what a spec's layer can name: a shipped ONNX encoder's hidden states, a zoo model's layers. */
class LayersCommandTest {
    @Test
    void listsTheTwelveEncoderOutputsOfBgeSmall(@TempDir Path work) {
        String printed = captured(() -> assertEquals(0, OntobridgeCli.run("layers", "classpath:bge-small-en-v1.5.onnx",
                "--work-dir", work.toString())));
        // The twelve encoder outputs: layers 0-10 by their LayerNorm's tensor, layer 11's is the graph's output.
        List<String> expected = new java.util.ArrayList<>(List.of("/embeddings/LayerNorm/Add_1_output_0"));
        for (int layer = 0; layer < 11; layer++) {
            expected.add("/encoder/layer." + layer + "/output/LayerNorm/Add_1_output_0");
        }
        expected.add("last_hidden_state");
        List<String> marked = printed.lines().filter(l -> l.startsWith("* ")).map(l -> l.substring(2).split(" +")[0]).toList();
        assertEquals(expected, marked, printed);
        assertTrue(printed.contains("13 hidden states (*) of "), printed);
        assertTrue(printed.lines().noneMatch(l -> l.contains("attention")), "no attention block's norm:\n" + printed);
        String all = captured(() -> assertEquals(0, OntobridgeCli.run("layers", "classpath:bge-small-en-v1.5.onnx",
                "--all", "--work-dir", work.toString())));
        assertTrue(all.lines().count() > 10 * printed.lines().count(), "--all lists every tensor");
        assertTrue(all.lines().anyMatch(l -> l.startsWith("  ") && l.contains(" MatMul ")), "operators are named");
    }

    @Test
    void listsAZooLanguageModelsLayersWithTheirWidth(@TempDir Path dir) {
        Path zoo = dir.resolve("lm");
        try (LanguageModel model = LanguageModel.initialize(new LmArchitecture(2, 8, 2, 16, 12),
                WordVocabulary.of(List.of("a", "knight", ".")), 1)) {
            model.saveTo(zoo);
        }
        String printed = captured(() -> assertEquals(0, OntobridgeCli.run("layers", zoo.toString())));
        for (String layer : List.of("resid.0", "resid.1", "resid.2", "final")) {
            assertTrue(printed.contains("* " + layer) && printed.contains("width 8"), layer + " in\n" + printed);
        }
    }

    @Test
    void aFileThatIsNoModelIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path junk = java.nio.file.Files.writeString(dir.resolve("junk.onnx"), "not a model");
        assertEquals(1, OntobridgeCli.run("layers", junk.toString()));
        assertEquals(1, OntobridgeCli.run("layers", dir.resolve("missing.onnx").toString()));
    }
}
