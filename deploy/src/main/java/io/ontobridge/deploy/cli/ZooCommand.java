package io.ontobridge.deploy.cli;

import io.ontobridge.worlds.shapes.WorldConfig;
import io.ontobridge.deploy.zoo.ConceptStudy;
import io.ontobridge.models.zoo.Introspection;
import io.ontobridge.models.zoo.ModelMetadata;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.models.zoo.TrainOptions;
import io.ontobridge.deploy.zoo.ZooDefaults;
import io.ontobridge.deploy.zoo.ZooTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "zoo", mixinStandardHelpOptions = true,
        description = "The shapes model zoo: train, reproduce and inspect the project's own models (a VAE and a CNN).",
        subcommands = {ZooCommand.Train.class, ZooCommand.Defaults.class, ZooCommand.Inspect.class, ZooCommand.Study.class,
                ZooCommand.RandomInit.class})
final class ZooCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("usage: ontobridge zoo (train | defaults | inspect | study) ...; --help for more");
        return 2;
    }

    static Path home() {
        return Path.of(System.getProperty("ontobridge.home", ".")).toAbsolutePath().normalize();
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train one model on images of a shapes world and save it (model.params + model.json).")
    static final class Train implements Callable<Integer> {
        @Option(names = "--arch", required = true, paramLabel = "vae|cnn", description = "Architecture: vae or cnn")
        String arch;
        @Option(names = "--world", required = true, paramLabel = "FILE", description = "World config (YAML), e.g. worlds/source.yaml")
        Path world;
        @Option(names = "--seed", defaultValue = "7", paramLabel = "N", description = "Seed of images, initialization and shuffling (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write")
        Path out;
        @Option(names = "--samples", paramLabel = "N", description = "Training images (default: the architecture's)")
        Integer samples;
        @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the architecture's)")
        Integer epochs;
        @Option(names = "--batch-size", paramLabel = "N", description = "Images per Adam step (default 64)")
        Integer batchSize;
        @Option(names = "--learning-rate", paramLabel = "X", description = "Adam step size (default 0.001)")
        Double learningRate;
        @Option(names = "--latent", paramLabel = "N", description = "VAE: latent units (default 12)")
        Integer latent;
        @Option(names = "--beta", paramLabel = "X", description = "VAE: weight of the KL term (default 2)")
        Double beta;
        @Option(names = "--hidden", paramLabel = "N", description = "CNN: units of the dense hidden layer (default 64)")
        Integer hidden;
        @Option(names = "--class-weight", paramLabel = "X",
                description = "VAE: weight of the auxiliary class head's cross-entropy (linear head on the latent mean,"
                        + " readable as layer class_logits); 0 = plain VAE (default: the architecture's)")
        Double classWeight;

        @Override
        public Integer call() {
            TrainOptions opts = TrainOptions.defaults(arch);
            if (samples != null) {
                opts = opts.withSamples(samples);
            }
            if (epochs != null) {
                opts = opts.withEpochs(epochs);
            }
            if (batchSize != null) {
                opts = opts.withBatchSize(batchSize);
            }
            if (learningRate != null) {
                opts = opts.withLearningRate(learningRate);
            }
            if (latent != null) {
                opts = opts.withLatent(latent);
            }
            if (beta != null) {
                opts = opts.withBeta(beta);
            }
            if (hidden != null) {
                opts = opts.withHidden(hidden);
            }
            if (classWeight != null) {
                opts = opts.withClassWeight(classWeight);
            }
            new ZooTrainer(System.out::println).train(arch, WorldConfig.load(world), seed, opts, out);
            return 0;
        }
    }

    @Command(name = "random-init", mixinStandardHelpOptions = true,
            description = {"Write a randomly initialized copy of a zoo model (same architecture, seeded fresh parameters):",
                    "a checkpoint that carries no learned concept, to see a concept reported lost."})
    static final class RandomInit implements Callable<Integer> {
        @Option(names = "--from", required = true, paramLabel = "DIR", description = "The zoo model folder to copy the architecture of")
        Path from;
        @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the parameters (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write")
        Path out;

        @Override
        public Integer call() {
            try (ShapesModel model = ShapesModel.load(from); ShapesModel fresh = model.randomInitCopy(seed)) {
                fresh.saveTo(out);
                System.out.println("wrote a random-init copy of " + from + " to " + out + " (sha256 " + fresh.sha256() + ")");
            }
            return 0;
        }
    }

    @Command(name = "defaults", mixinStandardHelpOptions = true,
            description = "Train the default models into zoo/ (shapes-vae on worlds/source.yaml; shapes-cnn, and"
                    + " shapes-cnn-2 with another seed, on worlds/target.yaml) with exactly the settings of the committed weights.")
    static final class Defaults implements Callable<Integer> {
        @Option(names = "--root", paramLabel = "DIR", description = "Project root holding worlds/ and zoo/ (default: the installation)")
        Path root;
        @Option(names = "--only", paramLabel = "FOLDER", description = "Train only this default (shapes-vae, shapes-cnn or shapes-cnn-2)")
        String only;

        @Override
        public Integer call() {
            Path base = root != null ? root : home();
            List<ZooDefaults> chosen = ZooDefaults.all().stream().filter(d -> only == null || d.folder().equals(only)).toList();
            if (chosen.isEmpty()) {
                System.err.println("--only: no default model '" + only + "' (known: shapes-vae, shapes-cnn, shapes-cnn-2)");
                return 2;
            }
            for (ZooDefaults d : chosen) {
                d.train(base, System.out::println);
            }
            return 0;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Print a model folder's metadata, per-epoch metrics and (VAE) the introspection table.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Model folder")
        Path dir;

        @Override
        public Integer call() {
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
    }

    @Command(name = "study", mixinStandardHelpOptions = true,
            description = "Offline: how well closed-form ridge probes on the CNN's layers (and on pixels and a randomly"
                    + " initialized CNN) reproduce VAE features, on held-out world samples.")
    static final class Study implements Callable<Integer> {
        @Option(names = "--vae", paramLabel = "DIR", description = "VAE folder (default zoo/shapes-vae)")
        Path vae;
        @Option(names = "--cnn", paramLabel = "DIR", description = "CNN folder (default zoo/shapes-cnn)")
        Path cnn;
        @Option(names = "--train", defaultValue = "3000", paramLabel = "N", description = "Training samples (default ${DEFAULT-VALUE})")
        int train;
        @Option(names = "--test", defaultValue = "1000", paramLabel = "N", description = "Held-out world samples (default ${DEFAULT-VALUE})")
        int test;
        @Option(names = "--layers", split = ",", paramLabel = "LAYER", description = "CNN layers (default: all)")
        List<String> layers;

        @Override
        public Integer call() {
            Path v = vae != null ? vae : home().resolve("zoo/shapes-vae");
            Path c = cnn != null ? cnn : home().resolve("zoo/shapes-cnn");
            List<String> l = layers != null ? layers
                    : List.of("conv1", "conv2", "conv3", "conv1_pool", "conv2_pool", "conv3_pool", "hidden", "logits");
            ConceptStudy.run(v, c, train, test, l, System.out::println);
            return 0;
        }
    }
}
