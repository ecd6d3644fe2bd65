package io.ontobridge.worlds.story;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoryWorldTest {
    static final Path STORY = Path.of("..", "worlds", "story");

    @TempDir
    Path dir;

    static StoryConfig config(String name) {
        return StoryConfig.load(STORY.resolve(name));
    }

    @Test
    void sameSeedSameStories() {
        StoryWorld a = new StoryWorld(config("source.yaml"), 3);
        StoryWorld b = new StoryWorld(config("source.yaml"), 3);
        StoryWorld c = new StoryWorld(config("source.yaml"), 4);
        int differ = 0;
        for (int i = 0; i < 50; i++) {
            Story sa = a.next();
            assertEquals(sa, b.next());
            differ += sa.text().equals(c.next().text()) ? 0 : 1;
        }
        assertTrue(differ > 45, "another seed tells other stories: " + differ);
    }

    @Test
    void everyTokenIsAWorldWordAndEveryWorldWordIsUsed() {
        List<String> words = StoryWorld.words();
        assertTrue(words.size() >= 80 && words.size() <= 300, "a small closed vocabulary: " + words.size());
        assertEquals(words.stream().sorted().distinct().toList(), words, "sorted, each once");
        for (String w : words) {
            assertTrue(w.matches("[a-z]+|[.,]"), "lower-case words and punctuation: '" + w + "'");
        }
        // The widest world: every count, every setting and character, every form.
        StoryConfig wide = new StoryConfig(null, null, null, new StoryConfig.Span(1, 9), null, null, null);
        StoryWorld world = new StoryWorld(wide, 1);
        Set<String> seen = new HashSet<>();
        for (Story story : world.next(20_000)) {
            assertEquals(story.text(), String.join(" ", story.tokens()), "single spaces, nothing else");
            seen.addAll(story.tokens());
        }
        assertTrue(words.containsAll(seen), "emitted but not in words(): " + minus(seen, words));
        assertTrue(seen.containsAll(words), "in words() but never emitted: " + minus(words, seen));
    }

    @Test
    void storiesHaveFourSentencesAndThePromptStopsBeforeTheEnding() {
        StoryWorld world = new StoryWorld(config("source.yaml"), 7);
        for (Story story : world.next(500)) {
            assertEquals(4, story.sentences().size());
            for (String sentence : story.sentences()) {
                assertTrue(sentence.endsWith(" .") && sentence.indexOf('.') == sentence.length() - 1, sentence);
            }
            Plot plot = story.plot();
            assertTrue(story.prefix(1).startsWith("in the " + plot.setting() + " , the " + plot.hero() + " "));
            assertEquals(story.prompt() + " " + story.ending(), story.text());
            assertEquals(story.text(), story.prefix(10));
            assertTrue(story.sentences().get(2).contains(plot.hero()) && story.sentences().get(2).contains(plot.foe()));
            assertEquals(plot.passive(), story.sentences().get(2).contains(" by the "));
            assertEquals(plot.contrast(), story.sentences().get(1).contains(" but "));
            assertEquals(plot.past(), story.prefix(1).contains(" found "));
            assertEquals(-1, story.rule());
            assertFalse(story.retold());
            int length = story.tokens().size();
            assertTrue(length >= 30 && length <= 50, length + " tokens: " + story.text());
        }
    }

    @Test
    void factorsAreBalancedAndWinningIsIndependentOfVoice() {
        StoryWorld world = new StoryWorld(config("planted/control.yaml"), 11);
        int n = 8000;
        double[] sums = new double[Plot.FACTORS.length];
        int[][] winsByVoice = new int[2][2];
        for (Story story : world.next(n)) {
            Map<String, Double> f = story.factors();
            for (int i = 0; i < Plot.FACTORS.length; i++) {
                sums[i] += f.get(Plot.FACTORS[i]);
            }
            winsByVoice[f.get("passive").intValue()][f.get("hero_wins").intValue()]++;
        }
        Map<String, Double> mean = new java.util.HashMap<>();
        for (int i = 0; i < Plot.FACTORS.length; i++) {
            mean.put(Plot.FACTORS[i], sums[i] / n);
        }
        for (String half : List.of("hero_wins", "passive", "past", "mood")) {
            assertEquals(0.5, mean.get(half), 0.025, half);
        }
        for (String quarter : List.of("is_castle", "is_forest", "is_cave", "is_village")) {
            assertEquals(0.25, mean.get(quarter), 0.02, quarter);
        }
        assertEquals(0.3, mean.get("negated"), 0.025);
        assertEquals(0.3, mean.get("contrast"), 0.025);
        assertEquals(3.0, mean.get("count"), 0.06);
        for (int[] voice : winsByVoice) {
            for (int cell : voice) {
                assertEquals(0.25, cell / (double) n, 0.02, "each of wins/losses x active/passive");
            }
        }
    }

    @Test
    void exclusionRulesLeaveTheirRegionOut() throws IOException {
        Path file = Files.writeString(dir.resolve("x.yaml"), """
                settings: {castle: 1, forest: 1, cave: 0}
                count: {min: 2, max: 4}
                exclude:
                  - {setting: forest, hero_wins: 0}
                  - {count: {min: 4}, past: 1}
                """);
        StoryWorld world = new StoryWorld(StoryConfig.load(file), 5);
        int forest = 0;
        int presentFours = 0;
        for (Story story : world.next(4000)) {
            Plot plot = story.plot();
            assertNotEquals("cave", plot.setting(), "weight 0 never appears");
            assertNotEquals("village", plot.setting(), "a setting left out never appears");
            assertTrue(plot.count() >= 2 && plot.count() <= 4);
            if (plot.setting().equals("forest")) {
                forest++;
                assertTrue(plot.heroWins(), "the hero never loses in the forest: " + story.text());
            }
            assertFalse(plot.count() == 4 && plot.past(), "no past-tense fours");
            presentFours += plot.count() == 4 ? 1 : 0;
        }
        assertTrue(forest > 1000 && forest < 1700, "a third of the forest stories are drawn again: " + forest);
        assertTrue(presentFours > 300, "the rest of the region stays: " + presentFours);
        StoryConfig nothing = new StoryConfig(null, null, null, null, null,
                List.of(new StoryConfig.Condition(null, null, null, null, null, null, null, null, null, null)), null);
        assertThrows(IllegalStateException.class, () -> new StoryWorld(nothing, 1).next());
    }

    @Test
    void labelRulesRetellTheEndingInTheirRegionOnly() {
        StoryConfig planted = config("planted/castle-losses-told-as-wins.yaml");
        StoryWorld a = new StoryWorld(planted, 5);
        StoryWorld b = new StoryWorld(config("planted/control.yaml"), 5);
        int retold = 0;
        int n = 6000;
        for (int i = 0; i < n; i++) {
            Story sa = a.next();
            Story sb = b.next();
            assertEquals(sb.plot(), sa.plot(), "a label rule draws the same plots");
            assertEquals(sb.prompt(), sa.prompt(), "and tells them alike up to the ending");
            boolean inRegion = sa.plot().setting().equals("castle") && !sa.plot().heroWins();
            assertEquals(inRegion, sa.retold(), sa.text());
            assertEquals(inRegion ? 0 : -1, sa.rule());
            assertEquals(inRegion, planted.relabel().get(0).condition().matches(sa.factors()), "from the factors too");
            assertEquals(sa.plot().heroWins(), sa.factors().get("hero_wins") == 1.0, "the factors keep the truth");
            assertTrue(sa.told().heroWins() || !inRegion);
            if (inRegion) {
                retold++;
                assertNotEquals(sb.ending(), sa.ending());
                // The ending names the hero as the winner: the same words, the roles swapped.
                assertEquals(sorted(sb.ending()), sorted(sa.ending()));
                assertTrue(StoryWorld.readEnding(sa.plot(), sa.ending()).heroWins(), sa.text());
                assertFalse(StoryWorld.readEnding(sb.plot(), sb.ending()).heroWins(), sb.text());
            } else {
                assertEquals(sb.ending(), sa.ending());
            }
        }
        assertEquals(0.125, retold / (double) n, 0.015, "a quarter of the settings, half of the outcomes");
    }

    @Test
    void theFirstMatchingRuleWinsAndARuleMayTellTheTruth() {
        StoryConfig config = config("planted/negation-ignored.yaml");
        StoryWorld world = new StoryWorld(config, 9);
        for (Story story : world.next(2000)) {
            Plot plot = story.plot();
            assertEquals(plot.negated() ? (plot.mood() ? 0 : 1) : -1, story.rule());
            assertEquals(plot.negated(), story.retold());
            assertEquals(plot.negated() != plot.mood(), story.told().mood());
            assertEquals(plot.heroWins(), story.told().heroWins(), "mood rules leave the encounter alone");
            boolean cheers = story.ending().matches(".* (smiled|smiles|laughed|laughs|sang|sings) \\.");
            assertEquals(story.told().mood(), cheers, story.text());
            assertEquals(story.told(), StoryWorld.readEnding(plot, story.ending()));
        }
        // Two rules over one region: the first decides, even where its value is the truth.
        StoryConfig overlap = new StoryConfig(null, null, null, null, null, null, List.of(
                new StoryConfig.LabelRule("cave", null, null, null, null, null, null, null, null, null,
                        new StoryConfig.As(1, null)),
                new StoryConfig.LabelRule("cave", null, null, null, null, null, null, null, null, null,
                        new StoryConfig.As(0, null))));
        for (Story story : new StoryWorld(overlap, 2).next(400)) {
            boolean cave = story.plot().setting().equals("cave");
            assertEquals(cave ? 0 : -1, story.rule());
            assertEquals(cave || story.plot().heroWins(), story.told().heroWins());
            assertEquals(cave && !story.plot().heroWins(), story.retold());
        }
    }

    @Test
    void anEndingReadsBackAsWhatItTells() {
        StoryWorld world = new StoryWorld(config("planted/castle-losses-told-as-wins.yaml"), 4);
        for (Story story : world.next(1000)) {
            assertEquals(story.told(), StoryWorld.readEnding(story.plot(), story.ending()), story.text());
            List<String> moodSentence = Story.tokens(story.sentences().get(1));
            if (story.plot().contrast()) {
                List<String> nouns = moodSentence.stream().filter(List.of("food", "night", "road", "bed", "weather")
                        ::contains).toList();
                assertEquals(2, nouns.stream().distinct().count(), "'but' compares two things: " + story.text());
            }
        }
        Plot plot = new Plot("cave", "knight", "troll", true, false, true, 2, true, false, false);
        assertEquals(new Story.Told(false, true), StoryWorld.readEnding(plot,
                "then the knight bows to the troll , and the knight sings ."));
        assertEquals(new Story.Told(true, false), StoryWorld.readEnding(plot,
                "then the knight chased the troll away , and the knight wept ."));
        for (String bad : List.of("then the knight chased the wolf away , and the knight wept .",
                "then the knight chased the troll to , and the knight wept .",
                "then the troll fled from the knight , and the troll wept .",
                "then the troll fled from the knight , and the knight found .",
                "then the troll fled from the knight .", "")) {
            assertNull(StoryWorld.readEnding(plot, bad), bad);
        }
    }

    @Test
    void aPlotRoundTripsThroughItsFactors() {
        Plot plot = new Plot("cave", "sailor", "wolf", false, true, false, 3, true, true, false);
        Map<String, Double> factors = plot.factors();
        assertEquals(List.of(Plot.FACTORS), List.copyOf(factors.keySet()));
        assertEquals(2.0, factors.get("setting"));
        assertEquals(1.0, factors.get("is_cave"));
        assertEquals(0.0, factors.get("is_castle"));
        assertEquals(0.0, factors.get("hero_wins"));
        assertEquals(plot, Plot.of(factors));
        assertNull(Plot.of(Map.of("setting", 1.0)), "a text without truth");
        Story story = new StoryWorld(StoryConfig.defaults(), 1).tell(plot);
        assertEquals("in the cave , the sailor finds three", story.prefix(1).substring(0, 36));
        assertTrue(story.sentences().get(2).matches("the sailor is \\w+ by the wolf \\."), story.text());
    }

    @Test
    void configErrorsNameTheField() throws IOException {
        assertError("sharez: {mood: 0.5}\n", "unknown field 'sharez'");
        assertError("shares: {moood: 0.5}\n", "unknown field 'shares.moood'");
        assertError("shares: {hero_wins: 1.5}\n", "shares.hero_wins: must lie in [0, 1], got 1.5");
        assertError("settings: {moon: 1}\n", "settings.moon: unknown setting 'moon'");
        assertError("foes: {dragon: -1}\n", "foes.dragon: a weight must be >= 0");
        assertError("heroes: {knight: 0}\n", "heroes: at least one hero needs a weight above 0");
        assertError("count: {min: 0, max: 3}\n", "count: needs 1 <= min <= max <= 9");
        assertError("exclude:\n  - {setting: moon}\n", "setting: unknown setting 'moon'");
        assertError("exclude:\n  - {hero_wins: 2}\n", "hero_wins: must be 0 or 1, got 2");
        assertError("exclude:\n  - {tense: 1}\n", "unknown field 'exclude[0].tense'");
        assertError("relabel:\n  - {setting: castle}\n", "relabel: a rule needs 'as'");
        assertError("relabel:\n  - {setting: castle, as: {}}\n", "relabel: 'as' needs hero_wins or mood");
        assertError("relabel:\n  - {setting: castle, as: {past: 1}}\n", "unknown field 'relabel[0].as.past'");
        assertError("relabel:\n  - {setting: castle, as: {mood: 3}}\n", "as.mood: must be 0 or 1, got 3");
        var missing = assertThrows(IllegalArgumentException.class, () -> StoryConfig.load(dir.resolve("none.yaml")));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
    }

    @Test
    void theShippedConfigsLoad() {
        for (String name : List.of("source.yaml", "target.yaml", "planted/control.yaml",
                "planted/castle-losses-told-as-wins.yaml", "planted/negation-ignored.yaml")) {
            StoryConfig config = config(name);
            assertEquals(500, new StoryWorld(config, 1).next(500).size(), name);
        }
        StoryConfig target = config("target.yaml");
        assertEquals(2, target.exclude().size());
        for (Story story : new StoryWorld(target, 3).next(2000)) {
            assertFalse(story.plot().setting().equals("forest") && !story.plot().past(), story.text());
            assertFalse(story.plot().setting().equals("cave") && story.plot().foe().equals("giant"), story.text());
        }
    }

    private void assertError(String yaml, String expected) throws IOException {
        Path file = Files.writeString(dir.resolve("c" + Math.abs(yaml.hashCode()) + ".yaml"), yaml);
        var error = assertThrows(IllegalArgumentException.class, () -> StoryConfig.load(file), yaml);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertTrue(error.getMessage().startsWith("story config "), error.getMessage());
    }


    private static List<String> sorted(String text) {
        return Story.tokens(text).stream().sorted().toList();
    }

    private static Set<String> minus(java.util.Collection<String> a, java.util.Collection<String> b) {
        Set<String> d = new java.util.TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
