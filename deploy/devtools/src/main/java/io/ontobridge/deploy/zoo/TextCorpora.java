package io.ontobridge.deploy.zoo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text worlds a language model trains on, found by their config file ({@code zoo train --arch lm --world FILE}).
 *
 * <p>This build has no text world yet: the story world ({@code io.ontobridge.worlds.story}) is where the models'
 * texts will come from, through a {@link TextCorpus} over it that this class returns. Until then every config is
 * refused with a message saying so; {@link LmTrainer} itself takes any {@link TextCorpus}.
 */
public final class TextCorpora {
    private TextCorpora() {
    }

    /** The corpus a world config file describes. */
    public static TextCorpus forWorld(Path world) {
        if (!Files.isRegularFile(world)) {
            throw new IllegalArgumentException("no world config " + world);
        }
        throw new IllegalArgumentException("--arch lm trains on a text world, and this build has none: " + world
                + " cannot be read as one (the story world, io.ontobridge.worlds.story, is not in this build)");
    }
}
