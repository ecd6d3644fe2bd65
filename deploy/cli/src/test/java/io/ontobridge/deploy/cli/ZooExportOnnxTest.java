package io.ontobridge.deploy.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.models.lm.LmArchitecture;
import io.ontobridge.models.lm.WordVocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.ontobridge.deploy.cli.StandardOut.captured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code zoo export-onnx} writes the two files and prints the tensor of every read-out and a spec to start from. */
class ZooExportOnnxTest {
    @Test
    void exportsALanguageModelAndPrintsItsLayers(@TempDir Path dir) throws Exception {
        Path zoo = dir.resolve("tiny-lm");
        try (LanguageModel model = LanguageModel.initialize(new LmArchitecture(2, 8, 2, 16, 12),
                WordVocabulary.of(List.of("a", "knight", "fled", ".")), 1)) {
            model.saveTo(zoo);
        }
        Path out = dir.resolve("onnx");
        String printed = captured(() -> assertEquals(0, OntobridgeCli.run("zoo", "export-onnx", "--from", zoo.toString(),
                "--out", out.toString())));
        ModelProto onnx = ModelProto.parseFrom(Files.readAllBytes(out.resolve("model.onnx")));
        assertEquals("logits", onnx.getGraph().getOutput(0).getName());
        assertTrue(Files.readString(out.resolve("tokenizer.json")).contains("\"WordLevel\""));
        for (String line : List.of("  resid.0  /transformer/Add_output_0", "  resid.1  /transformer/h.0/Add_1_output_0",
                "  resid.2  /transformer/h.1/Add_1_output_0", "  final    /transformer/ln_f/LayerNormalization_output_0",
                "  layer: \"/transformer/h.1/Add_1_output_0\"", "  max_tokens: 12",
                "  input_layer: \"/transformer/Add_output_0\"")) {
            assertTrue(printed.contains(line + "\n"), line + " in\n" + printed);
        }
        assertTrue(printed.contains("sha256 " + io.ontobridge.models.encoder.ModelFiles.sha256(out.resolve("model.onnx"))),
                printed);
        assertEquals(2, OntobridgeCli.run("zoo", "export-onnx", "--from", dir.toString(), "--out", out.toString()));
    }
}
