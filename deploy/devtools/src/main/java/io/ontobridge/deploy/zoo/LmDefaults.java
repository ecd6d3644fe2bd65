package io.ontobridge.deploy.zoo;

import io.ontobridge.models.lm.LmArchitecture;
import io.ontobridge.models.lm.LmTrainOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The committed default language models in {@code zoo/}: exactly how they were trained, so that
 * {@code ./ontobridge zoo defaults} reproduces them (equivalently {@code zoo train --arch lm} with these settings).
 *
 * @param folder       the model folder under {@code zoo/}
 * @param world        the story world config, relative to the project root
 * @param seed         the training seed
 * @param architecture the model's size
 * @param options      the training options
 */
public record LmDefaults(String folder, String world, long seed, LmArchitecture architecture, LmTrainOptions options)
        implements ZooDefault {
    /** The story scenario's source: 3 blocks of width 64 on the source story world. */
    public static final LmDefaults SOURCE = new LmDefaults("story-lm", "worlds/story/source.yaml", 7,
            LmArchitecture.of(3, 64, 4), LmTrainOptions.defaults());
    /**
     * The story scenario's target: narrower (3 blocks of width 48), another seed, and a different slice of the story
     * world (worlds/story/target.yaml, with the passive voice), as a newer model is trained on other data.
     */
    public static final LmDefaults TARGET = new LmDefaults("story-lm-target", "worlds/story/target.yaml", 11,
            LmArchitecture.of(3, 48, 4), LmTrainOptions.defaults());

    public static List<LmDefaults> all() {
        return List.of(SOURCE, TARGET);
    }

    @Override
    public void retrain(Path root, Consumer<String> log) {
        new LmTrainer(log).train(TextCorpora.forWorld(root.resolve(world)), architecture, options, seed,
                root.resolve("zoo").resolve(folder));
    }
}
