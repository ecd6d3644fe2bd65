package io.ontobridge.deploy.cli;

import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.models.lm.LmIntrospection;
import io.ontobridge.models.lm.LmMetadata;
import io.ontobridge.models.zoo.Introspection;
import io.ontobridge.models.zoo.ModelMetadata;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.platform.concept.Pooling;
import io.ontobridge.worlds.story.Story;
import io.ontobridge.worlds.story.StoryConfig;
import io.ontobridge.worlds.story.StoryWorld;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
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
            description = "Print a model folder's metadata, per-epoch metrics and the introspection table (VAE: recorded at"
                    + " training; language model: measured now on fresh stories of its world).")
    static final class Inspect implements Callable<Integer> {
        /** Fresh stories: a seed no training run uses (those use the model's seed and seed + the held-out offset). */
        private static final long INTROSPECTION_SEED = 1_000_003L;
        /** The story factors with a value per text (the categorical setting, hero and foe indices are left out). */
        private static final List<String> INTROSPECTED = List.of("is_castle", "is_forest", "is_cave", "is_village",
                "hero_wins", "passive", "past", "count", "mood", "negated", "contrast");

        @Parameters(paramLabel = "DIR", description = "Model folder")
        Path dir;
        @Option(names = "--world", paramLabel = "FILE",
                description = "Language model: the story world config to introspect on (default: the one it was trained on)")
        Path world;
        @Option(names = "--texts", defaultValue = "3000", paramLabel = "N",
                description = "Language model: fresh stories, two thirds to fit each read-out, a third to score it (default ${DEFAULT-VALUE})")
        int texts;
        @Option(names = "--pooling", defaultValue = "mean", paramLabel = "POOLING",
                description = "Language model: how each layer is pooled over tokens: mean, last or position:N (default ${DEFAULT-VALUE})")
        String pooling;

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
                if (world == null && (m.world() == null || !m.world().path("kind").asText().equals("story"))) {
                    System.out.println("introspection: the model was not trained on a story world; name one with --world FILE");
                    return 0;
                }
                Path file = world != null ? world : ConceptOptions.home().resolve(m.world().path("file").asText());
                List<Story> stories = new StoryWorld(StoryConfig.load(file), INTROSPECTION_SEED).next(texts);
                LmIntrospection.Result result = LmIntrospection.run(model, stories.stream().map(Story::text).toList(),
                        stories.stream().map(Story::factors).toList(), INTROSPECTED, Pooling.parse(pooling), texts * 2 / 3);
                System.out.printf("introspection (%d fresh stories of %s, seed %d, %s-pooled; held-out R^2 of a ridge read-out,"
                                + " and r of the Fisher direction for 0/1 factors, on the last %d):%n", texts, file,
                        INTROSPECTION_SEED, pooling, result.heldOut());
                System.out.print(LmIntrospection.table(result));
            }
            return 0;
        }
    }

}
