package io.ontobridge.models.lm;

import io.ontobridge.platform.concept.Pooling;
import io.ontobridge.worlds.story.Story;
import io.ontobridge.worlds.story.StoryConfig;
import io.ontobridge.worlds.story.StoryWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Introspection on an untrained model over the story world's full vocabulary: its embeddings (resid.0, the bag of
 * words; wider than the vocabulary, so a linear read-out can count every word) tell the plainly worded factors and
 * not who won, which no bag of words holds.
 */
@ExtendWith(OneTorchThread.class)
class LmIntrospectionTest {
    @Test
    void theBagOfWordsLayerRecoversLexicalFactorsAndNotWhoWon() {
        List<Story> stories = new StoryWorld(StoryConfig.defaults(), 5).next(900);
        try (LanguageModel model = LanguageModel.initialize(new LmArchitecture(1, 128, 2, 64, 64),
                WordVocabulary.of(StoryWorld.words()), 9)) {
            LmIntrospection.Result result = LmIntrospection.run(model, stories.stream().map(Story::text).toList(),
                    stories.stream().map(Story::factors).toList(), List.of("is_cave", "past", "hero_wins"), Pooling.MEAN, 600);
            assertEquals(600, result.fitted());
            assertEquals(300, result.heldOut());
            LmIntrospection.Cell cave = result.cell("resid.0", "is_cave");
            LmIntrospection.Cell won = result.cell("resid.0", "hero_wins");
            assertTrue(cave.ridgeR2() > 0.8 && cave.directionR() > 0.8, cave.toString());
            assertTrue(result.cell("resid.0", "past").ridgeR2() > 0.8, result.cells().toString());
            assertTrue(won.ridgeR2() < 0.1 && Math.abs(won.directionR()) < 0.3, won.toString());
            String table = LmIntrospection.table(result);
            assertTrue(table.startsWith("factor") && table.contains("hero_wins") && table.contains("resid.1"), table);
        }
    }

    @Test
    void aMissingFactorIsNamed() {
        List<Story> stories = new StoryWorld(StoryConfig.defaults(), 5).next(30);
        try (LanguageModel model = LanguageModel.initialize(new LmArchitecture(1, 16, 2, 32, 64),
                WordVocabulary.of(StoryWorld.words()), 9)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LmIntrospection.run(model,
                    stories.stream().map(Story::text).toList(), stories.stream().map(Story::factors).toList(),
                    List.of("colour"), Pooling.MEAN, 15));
            assertTrue(e.getMessage().contains("'colour'"), e.getMessage());
        }
    }
}
