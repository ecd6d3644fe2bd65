package io.ontobridge.deploy.cli;

import io.ontobridge.models.encoder.LayerGraph;
import io.ontobridge.models.encoder.ModelFiles;
import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.models.lm.LmMetadata;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.platform.kafka.DeadLetters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Lists what a spec's {@code layer} can name, so a spec is written without guessing: every tensor of an ONNX model
 * (name, operator, declared shape), the usual hidden states marked, or a zoo model's layers with their widths.
 */
@Command(name = "layers", mixinStandardHelpOptions = true,
        description = {"List the readable layers of a model: an ONNX file (a path or classpath:NAME) or a zoo model"
                + " folder. ONNX: the usual hidden states (marked *, what a spec's layer most often names), or with"
                + " --all every tensor with its operator and declared shape."})
final class LayersCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "An ONNX file, classpath:NAME (a model shipped in a jar) or a zoo model folder")
    String model;
    @Option(names = "--all", description = "ONNX: every tensor, not only the hidden states")
    boolean all;
    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".ontobridge",
            description = "Where a classpath model is unpacked to (default ${DEFAULT-VALUE})")
    Path workDir;

    @Override
    public Integer call() {
        Path folder = Path.of(model);
        if (!model.startsWith("classpath:") && Files.isDirectory(folder)) {
            return zooLayers(folder);
        }
        List<LayerGraph.Tensor> tensors;
        try {
            tensors = LayerGraph.tensors(ModelFiles.resolve(model, workDir.resolve("models")));
        } catch (IOException | RuntimeException e) {
            System.err.println("layers: cannot read " + model + " as an ONNX model: " + DeadLetters.describe(e));
            return 1;
        }
        long hidden = tensors.stream().filter(LayerGraph.Tensor::hidden).count();
        for (LayerGraph.Tensor t : tensors) {
            if (all || t.hidden()) {
                System.out.printf("%s %-60s %-22s %s%n", t.hidden() ? "*" : " ", t.name(), t.op(), t.shape());
            }
        }
        System.out.printf("%d hidden states (*) of %d tensors%s%n", hidden, tensors.size(),
                all ? "" : "; --all lists every tensor");
        return 0;
    }

    private static int zooLayers(Path folder) {
        if (LmMetadata.isLanguageModel(folder)) {
            try (LanguageModel lm = LanguageModel.load(folder)) {
                for (String layer : lm.layerNames()) {
                    System.out.printf("* %-10s width %d (pool it: mean, last or position:N)%n", layer, lm.width());
                }
            }
            return 0;
        }
        try (ShapesModel shapes = ShapesModel.load(folder)) {
            List<float[]> blank = List.of(new float[32 * 32]);
            for (String layer : shapes.layerNames()) {
                System.out.printf("* %-16s width %d%n", layer, shapes.readLayer(layer, blank)[0].length);
            }
        }
        return 0;
    }
}
