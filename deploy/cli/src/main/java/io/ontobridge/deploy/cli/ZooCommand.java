package io.ontobridge.deploy.cli;

import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.models.lm.LmMetadata;
import io.ontobridge.models.zoo.Introspection;
import io.ontobridge.models.zoo.ModelMetadata;
import io.ontobridge.models.zoo.ShapesModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "zoo", mixinStandardHelpOptions = true,
        description = "The model zoo: train, reproduce and inspect the project's own models (a VAE, CNNs, language models).",
        subcommands = {ZooCommand.Inspect.class, ZooExportOnnx.class})
final class ZooCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("usage: ontobridge zoo COMMAND ...; --help lists the commands");
        return 2;
    }


    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Print a model folder's metadata, per-epoch metrics and (VAE) the introspection table.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Model folder")
        Path dir;

        @Override
        public Integer call() {
            if (LmMetadata.isLanguageModel(dir)) {
                return inspectLanguageModel();
            }
            try (ShapesModel model = ShapesModel.load(dir)) { // checks the sha256 too
                ModelMetadata m = model.metadata();
                System.out.printf("model         %s%n", dir);
                System.out.printf("architecture  %s %s%n", m.architecture(), m.hyper());
                System.out.printf("training      %s%n", m.training());
                System.out.printf("world         %s%n", m.world());
                System.out.printf("seed          %d, %d samples, %.1f s%n", m.seed(), m.samples(), m.wallSeconds());
                System.out.printf("parameters    %s sha256 %s (verified)%n", m.paramsFile(), model.sha256());
                System.out.printf("layers        %s%n", model.layerNames());
                for (ModelMetadata.EpochLog e : m.epochs()) {
                    String detail = e.reconstruction() == null ? String.format("  accuracy %.4f", e.accuracy())
                            : String.format("  reconstruction %.2f  kl %.2f", e.reconstruction(), e.kl())
                            + (e.classification() == null ? "" : String.format("  class cross-entropy %.4f  class accuracy %.4f",
                                    e.classification(), e.accuracy()));
                    System.out.printf("epoch %2d      loss %.4f%s  skipped %d%s  %.1f s%n", e.epoch(), e.loss(), detail,
                            e.skippedSteps(), e.clippedSteps() == null ? "" : "  clipped " + e.clippedSteps(), e.seconds());
                }
                if (m.introspection() != null) {
                    System.out.printf("introspection (%d fresh world samples; Pearson r of each latent mean with each factor):%n",
                            m.introspection().samples());
                    System.out.print(Introspection.table(m.introspection()));
                }
            }
            return 0;
        }

        private int inspectLanguageModel() {
            try (LanguageModel model = LanguageModel.load(dir)) { // checks the sha256 too
                LmMetadata m = model.metadata();
                System.out.printf("model         %s%n", dir);
                System.out.printf("architecture  %s %s, vocabulary %d tokens%n", m.architecture(), m.hyper(), m.vocabulary().size());
                System.out.printf("training      %s%n", m.training());
                System.out.printf("corpus        %s%n", m.corpus());
                System.out.printf("world         %s%n", m.world());
                System.out.printf("seed          %d, %d texts (%s of the held-out ones also in training), %.1f s%n", m.seed(),
                        m.texts(), m.heldOutSeen() == null ? "-" : String.format("%.1f%%", 100 * m.heldOutSeen()),
                        m.wallSeconds());
                System.out.printf("parameters    %s sha256 %s (verified)%n", m.paramsFile(), model.sha256());
                System.out.printf("layers        %s%n", model.layerNames());
                for (LmMetadata.EpochLog e : m.epochs()) {
                    System.out.printf("epoch %2d      train loss %.4f  held-out loss %.4f  unigram %.4f  held-out accuracy %.4f"
                                    + "  skipped %d  clipped %d  %.1f s  %.0f texts/s%n", e.epoch(), e.trainLoss(),
                            e.heldOutLoss(), e.unigramLoss(), e.heldOutAccuracy(), e.skippedSteps(), e.clippedSteps(),
                            e.seconds(), e.textsPerSecond());
                }
            }
            return 0;
        }
    }

}
