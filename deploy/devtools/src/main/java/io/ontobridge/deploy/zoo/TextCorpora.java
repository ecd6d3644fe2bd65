package io.ontobridge.deploy.zoo;

import io.ontobridge.worlds.story.Story;
import io.ontobridge.worlds.story.StoryConfig;
import io.ontobridge.worlds.story.StoryWorld;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The text worlds a language model trains on, found by their config file ({@code zoo train --arch lm --world FILE}):
 * a story world config ({@code worlds/story/*.yaml}). The vocabulary is {@link StoryWorld#words()}, the same for
 * every story config, so models trained on different story worlds read each other's texts.
 */
public final class TextCorpora {
    private TextCorpora() {
    }

    /** The corpus a world config file describes. */
    public static TextCorpus forWorld(Path world) {
        if (!Files.isRegularFile(world)) {
            throw new IllegalArgumentException("no world config " + world);
        }
        StoryConfig config;
        try {
            config = StoryConfig.load(world);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--arch lm trains on a story world, and " + world
                    + " is not a story world config: " + e.getMessage(), e);
        }
        return new StoryCorpus(world, config);
    }

    /** The stories of one story world config; each text is a whole story (four sentences). */
    record StoryCorpus(Path file, StoryConfig storyConfig) implements TextCorpus {
        @Override
        public String name() {
            return "story world " + file;
        }

        @Override
        public Object config() {
            return Map.of("kind", "story", "file", file.toString(), "config", storyConfig);
        }

        @Override
        public List<String> words() {
            return StoryWorld.words();
        }

        @Override
        public List<String> texts(int n, long seed) {
            return new StoryWorld(storyConfig, seed).next(n).stream().map(Story::text).toList();
        }
    }
}
