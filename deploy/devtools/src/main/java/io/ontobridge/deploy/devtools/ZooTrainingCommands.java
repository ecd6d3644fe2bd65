package io.ontobridge.deploy.devtools;

import io.ontobridge.deploy.cli.ConceptOptions;
import io.ontobridge.deploy.zoo.ConceptStudy;
import io.ontobridge.deploy.zoo.LmTrainer;
import io.ontobridge.deploy.zoo.TextCorpora;
import io.ontobridge.deploy.zoo.ZooDefault;
import io.ontobridge.deploy.zoo.ZooTrainer;
import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.models.lm.LmArchitecture;
import io.ontobridge.models.lm.LmMetadata;
import io.ontobridge.models.lm.LmTrainOptions;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.models.zoo.TrainOptions;
import io.ontobridge.worlds.shapes.WorldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The zoo's training commands, added under {@code ./ontobridge zoo} by the development launcher: training is a tool
 * of the project, not something a deployment runs ({@code zoo inspect} stays in the service image).
 */
public final class ZooTrainingCommands {
    private ZooTrainingCommands() {
    }

    /** The subcommands, in the order {@code zoo --help} lists them after {@code inspect}. */
    public static List<Object> all() {
        return List.of(new Train(), new Defaults(), new Study(), new RandomInit());
    }

    private static Path home() {
        return ConceptOptions.home();
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Train one model and save it (model.params + model.json): a VAE or a CNN on images of a shapes"
                    + " world, or (lm) a word-level decoder-only language model on texts of a text world."})
    static final class Train implements Callable<Integer> {
        @Option(names = "--arch", required = true, paramLabel = "vae|cnn|lm", description = "Architecture: vae, cnn or lm")
        String arch;
        @Option(names = "--world", required = true, paramLabel = "FILE", description = "World config (YAML), e.g. worlds/source.yaml")
        Path world;
        @Option(names = "--seed", defaultValue = "7", paramLabel = "N", description = "Seed of the data, initialization and shuffling (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write")
        Path out;
        @Option(names = "--samples", paramLabel = "N", description = "vae, cnn: training images (default: the architecture's)")
        Integer samples;
        @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the architecture's)")
        Integer epochs;
        @Option(names = "--batch-size", paramLabel = "N", description = "Images or texts per Adam step (default 64)")
        Integer batchSize;
        @Option(names = "--learning-rate", paramLabel = "X", description = "Adam step size (default 0.001; lm: the peak, 0.003)")
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
        @Option(names = "--layers", defaultValue = "3", paramLabel = "N", description = "lm: transformer blocks (default ${DEFAULT-VALUE})")
        int layers;
        @Option(names = "--width", defaultValue = "64", paramLabel = "N", description = "lm: width of the residual stream (default ${DEFAULT-VALUE})")
        int width;
        @Option(names = "--heads", defaultValue = "4", paramLabel = "N", description = "lm: attention heads, dividing the width (default ${DEFAULT-VALUE})")
        int heads;
        @Option(names = "--context", defaultValue = "64", paramLabel = "N",
                description = "lm: the most tokens of a text, <bos> and <eos> included (default ${DEFAULT-VALUE})")
        int context;
        @Option(names = "--texts", paramLabel = "N", description = "lm: training texts (default 30000)")
        Integer texts;
        @Option(names = "--held-out", paramLabel = "N", description = "lm: held-out texts for each epoch's held-out loss (default 2000)")
        Integer heldOut;
        @Option(names = "--warmup", paramLabel = "N", description = "lm: learning-rate warm-up steps (default 100)")
        Integer warmup;

        @Override
        public Integer call() {
            if (arch.equals("lm")) {
                return trainLanguageModel();
            }
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

        private int trainLanguageModel() {
            LmArchitecture a = new LmArchitecture(layers, width, heads, 4 * width, context);
            LmTrainOptions opts = LmTrainOptions.defaults();
            if (texts != null) {
                opts = opts.withTexts(texts);
            }
            if (heldOut != null) {
                opts = opts.withHeldOutTexts(heldOut);
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
            if (warmup != null) {
                opts = opts.withWarmupSteps(warmup);
            }
            new LmTrainer(System.out::println).train(TextCorpora.forWorld(world), a, opts, seed, out);
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
            if (LmMetadata.isLanguageModel(from)) {
                try (LanguageModel model = LanguageModel.load(from); LanguageModel fresh = model.randomInitCopy(seed)) {
                    fresh.saveTo(out);
                    System.out.println("wrote a random-init copy of " + from + " to " + out + " (sha256 " + fresh.sha256() + ")");
                }
                return 0;
            }
            try (ShapesModel model = ShapesModel.load(from); ShapesModel fresh = model.randomInitCopy(seed)) {
                fresh.saveTo(out);
                System.out.println("wrote a random-init copy of " + from + " to " + out + " (sha256 " + fresh.sha256() + ")");
            }
            return 0;
        }
    }

    @Command(name = "defaults", mixinStandardHelpOptions = true,
            description = "Train the default models into zoo/ (shapes-vae on worlds/source.yaml; shapes-cnn, and"
                    + " shapes-cnn-2 with another seed, on worlds/target.yaml; the planted-difference targets and their"
                    + " control on worlds/planted/; the language models story-lm and story-lm-target on"
                    + " worlds/story/) with exactly the settings of the committed weights.")
    static final class Defaults implements Callable<Integer> {
        @Option(names = "--root", paramLabel = "DIR", description = "Project root holding worlds/ and zoo/ (default: the installation)")
        Path root;
        @Option(names = "--only", paramLabel = "FOLDER", description = "Train only this default (a folder under zoo/, e.g. shapes-cnn-planted-size)")
        String only;

        @Override
        public Integer call() {
            Path base = root != null ? root : home();
            List<ZooDefault> chosen = ZooDefault.all().stream().filter(d -> only == null || d.folder().equals(only)).toList();
            if (chosen.isEmpty()) {
                System.err.println("--only: no default model '" + only + "' (known: " + String.join(", ",
                        ZooDefault.all().stream().map(ZooDefault::folder).toList()) + ")");
                return 2;
            }
            for (ZooDefault d : chosen) {
                d.retrain(base, System.out::println);
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
