package io.ontobridge.worlds.story;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StoryWorld#read}: every story of every shipped world reads back to its plot (the truth, which sentences 1-3
 * tell) and to what its ending tells (where a label rule retold it, that differs), and texts that break the grammar
 * read as nothing, with a reason.
 */
class StoryParseTest {
    private static final int STORIES = 10_000;

    static List<Path> configs() throws IOException {
        try (Stream<Path> files = Files.walk(StoryWorldTest.STORY)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyWorldStoryReadsBackToItsFactorsAndWhatItsEndingTells() throws IOException {
        List<Path> configs = configs();
        assertTrue(configs.size() >= 5, "the shipped configs: " + configs);
        for (Path file : configs) {
            StoryWorld world = new StoryWorld(StoryConfig.load(file), 11);
            int retold = 0;
            for (int i = 0; i < STORIES; i++) {
                Story story = world.next();
                Story read = StoryWorld.read(story.text());
                assertNotNull(read, file + ": " + story.text() + " -> " + StoryWorld.problem(story.text()));
                assertEquals(story.factors(), read.factors(), story.text());
                assertEquals(story.told(), read.told(), story.text());
                assertEquals(story.sentences(), read.sentences());
                assertEquals(story.retold(), read.retold());
                assertEquals(-1, read.rule());
                retold += read.retold() ? 1 : 0;
            }
            if (file.toString().contains("planted") && !file.toString().contains("control")) {
                assertTrue(retold > STORIES / 20, file + ": retold endings read as such: " + retold);
            }
        }
    }

    @Test
    void aReadStoryIsToldAgainWordForWord() {
        String text = "in the cave , the farmer finds four bones . the night is not lovely . the farmer overcomes the"
                + " troll . then the troll flees from the farmer , and the farmer sighs .";
        Story read = StoryWorld.read(text);
        assertNotNull(read);
        assertEquals(text, read.text());
        assertEquals(Plot.of(read.factors()), read.plot());
        assertEquals(1.0, read.factors().get("hero_wins"));
        assertEquals(0.0, read.factors().get("mood"));
        assertEquals(1.0, read.factors().get("negated"));
        assertEquals(4.0, read.factors().get("count"));
    }

    /** An ending that contradicts the encounter is a story (a retold one), told as the ending says. */
    @Test
    void anEndingThatContradictsTheEncounterReadsAsRetold() {
        Story read = StoryWorld.read("in the castle , the knight found five swords . the bed was good . the knight was"
                + " defeated by the dragon . then the knight sent the dragon home , and the knight smiled .");
        assertNotNull(read);
        assertEquals(0.0, read.factors().get("hero_wins"));
        assertEquals(1.0, read.factors().get("passive"));
        assertTrue(read.told().heroWins());
        assertTrue(read.retold());
    }

    @Test
    void brokenTextsDoNotRead() {
        String good = "in the forest , the sailor found four berries . the road was bad . the sailor was outwitted by"
                + " the giant . then the giant chased the sailor away , and the sailor sighed .";
        assertNotNull(StoryWorld.read(good), StoryWorld.problem(good));
        List<String> broken = List.of(
                "",
                "   ",
                good.replace("forest", "moon"),                                  // a word outside the grammar
                good.replace("giant chased", "giant <unk>"),                     // the model's unknown token
                good.substring(0, good.length() - 2),                            // the last sentence left open
                good.replace(" . then", " then"),                                // three sentences
                good + " then the giant chased the sailor away , and the sailor sighed .", // five
                good.replace("the road was bad", "the road was"),                // a clause without its adjective
                good.replace("the road was bad", "the road is bad"),             // tense mixed in sentence 2
                good.replace("was outwitted by", "is outwitted by"),             // tense mixed in sentence 3
                good.replace("sailor sighed .", "sailor sighs ."),               // tense mixed in the ending
                good.replace("found four", "finds four"),                        // sentence 1 present, the rest past
                good.replace("four berries", "four coins"),                      // coins are found in the castle
                good.replace("four berries", "one berries"),                     // number and noun disagree
                good.replace("the sailor was outwitted", "the knight was outwitted"), // another hero in the encounter
                good.replace("by the giant .", "by the troll ."),                // the ending's foe is another
                good.replace("by the giant", "by the sailor").replace("giant chased", "sailor chased"), // no foe
                good.replace("outwitted by", "outwits by"),                      // a broken passive
                good.replace("the sailor was outwitted by the giant", "the giant outwitted"), // an object missing
                good.replace("the road was bad", "the road was bad , but the food was awful"), // a but of one polarity
                good.replace("the road was bad", "the road was bad , but the road was good"), // a but of one thing
                good.replace("the road was bad", "the knight hated the road"),   // another hero in the mood sentence
                good.replace("the road was bad", "the sailor did not hated the road"), // a broken negation
                good.replace(", and the sailor sighed", ", and the sailor found"), // no reaction
                good.replace("then the giant chased the sailor away", "then the giant chased the sailor home"),
                good.replace("then the giant chased the sailor away", "then the sailor chased the sailor away"), // one character twice
                "in the forest , the sailor found four berries . the road was bad . the sailor was outwitted by the giant .",
                good.replaceFirst(" \\. ", " . . "));                           // an empty sentence
        for (String text : broken) {
            assertNull(StoryWorld.read(text), "read as a story: '" + text + "'");
            String problem = StoryWorld.problem(text);
            assertNotNull(problem, text);
            assertFalse(problem.isBlank());
        }
        assertEquals("word outside the grammar: 'moon'", StoryWorld.problem(good.replace("forest", "moon")));
        assertEquals("3 sentences, not 4", StoryWorld.problem(broken.get(broken.size() - 2)));
    }
}
