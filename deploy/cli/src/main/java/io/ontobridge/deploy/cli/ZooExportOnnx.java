package io.ontobridge.deploy.cli;

import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.models.lm.LmMetadata;
import io.ontobridge.models.lm.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code zoo export-onnx}: a zoo language model as an ONNX decoder and a tokenizer.json ({@link OnnxExport}), so that
 * it can be a {@code kind: text} model read by ONNX Runtime, here or elsewhere. Prints the tensor each read-out of
 * the model is in the export, and a target spec to start from.
 */
@Command(name = "export-onnx", mixinStandardHelpOptions = true,
        description = {"Export a zoo language model (kind lm) as model.onnx (inputs input_ids, attention_mask; output"
                + " logits; GPT-2's tensor names) and a word-level tokenizer.json, readable as a kind: text model;"
                + " prints the layer names a spec can use."})
final class ZooExportOnnx implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The language model's folder (zoo)")
    Path from;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write model.onnx and tokenizer.json to")
    Path out;

    @Override
    public Integer call() {
        if (!LmMetadata.isLanguageModel(from)) {
            System.err.println("zoo export-onnx: " + from + " is not a zoo language model folder (model.json of"
                    + " architecture lm); only language models export to ONNX");
            return 2;
        }
        long start = System.nanoTime();
        try (LanguageModel model = LanguageModel.load(from)) { // checks the sha256 too
            OnnxExport.Exported exported = OnnxExport.export(model, out);
            System.out.printf("exported %s (parameters sha256 %s) in %.0f ms%n", from, model.sha256(),
                    (System.nanoTime() - start) / 1e6);
            System.out.printf("  %s  sha256 %s%n", exported.model(), exported.sha256());
            System.out.printf("  %s%n", exported.tokenizer());
            System.out.println("layers (the zoo model's read-out: the tensor a kind: text spec names as layer):");
            for (Map.Entry<String, String> layer : exported.layers().entrySet()) {
                System.out.printf("  %-8s %s%n", layer.getKey(), layer.getValue());
            }
            String last = model.layerNames().get(model.layerNames().size() - 2);
            System.out.println("a target spec reading the last block's output:");
            System.out.printf("""
                      kind: text
                      model: %s
                      tokenizer: %s
                      sha256: %s
                      layer: "%s"
                      pooling: last
                      max_tokens: %d
                      baselines: [input]
                      input_layer: "%s"
                    """, exported.model(), exported.tokenizer(), exported.sha256(), exported.layers().get(last),
                    model.architecture().context(), OnnxExport.EMBEDDINGS);
        }
        return 0;
    }
}
