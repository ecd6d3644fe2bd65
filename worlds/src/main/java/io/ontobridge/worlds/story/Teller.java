package io.ontobridge.worlds.story;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * The story world's grammar: puts a {@link Plot} into four sentences of lower-case words and punctuation tokens
 * separated by single spaces.
 * <ol>
 *   <li>the setting and the count: "in the cave , the farmer found two gems ."</li>
 *   <li>the mood: "the road was not bad , but the food was awful ."</li>
 *   <li>the encounter: "the troll was tricked by the farmer ." (active: "the farmer tricked the troll .")</li>
 *   <li>the ending, what the encounter and the mood lead to: "then the troll fled from the farmer , and the
 *       farmer sighed ."</li>
 * </ol>
 * Who won is told by order and voice alone: a hero who loses swaps places with the foe, so a story and its
 * opposite outcome use the very same words (the encounter's and the ending's). The ending is where a label rule
 * takes effect: it is told with the values in {@link Story.Told}, the plot's own unless a rule says otherwise.
 * The wording is drawn from the random source the same way whatever the plot and the told values, so two worlds
 * that differ only in label rules tell the same seed's stories word for word alike up to the ending.
 */
final class Teller {
    static final List<String> NUMBERS = List.of("one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine");
    /** Two kinds of thing per setting, in {@link Plot#SETTINGS}' order, each as {singular, plural}. */
    static final String[][][] THINGS = {
            {{"coin", "coins"}, {"sword", "swords"}},
            {{"mushroom", "mushrooms"}, {"berry", "berries"}},
            {{"gem", "gems"}, {"bone", "bones"}},
            {{"apple", "apples"}, {"egg", "eggs"}}};

    record Verb(String past, String present, String participle) {
    }

    /** What the winner did to the loser in the encounter. */
    static final List<Verb> BEATS = List.of(new Verb("defeated", "defeats", "defeated"),
            new Verb("beat", "beats", "beaten"), new Verb("tricked", "tricks", "tricked"),
            new Verb("outwitted", "outwits", "outwitted"), new Verb("overcame", "overcomes", "overcome"));
    static final List<String> MOOD_NOUNS = List.of("food", "night", "road", "bed", "weather");
    static final List<String> GOOD = List.of("good", "fine", "lovely", "pleasant");
    static final List<String> BAD = List.of("bad", "awful", "horrible", "dreadful");
    /** The hero's reaction at the end, by the told mood: good and bad lists have the same length. */
    static final List<Verb> CHEERS = List.of(new Verb("smiled", "smiles", null),
            new Verb("laughed", "laughs", null), new Verb("sang", "sings", null));
    static final List<Verb> GRIEFS = List.of(new Verb("sighed", "sighs", null),
            new Verb("frowned", "frowns", null), new Verb("wept", "weeps", null));

    private Teller() {
    }

    /**
     * The four sentences of {@code plot}, the ending told with {@code told}; the wording is drawn from random.
     *
     * @param negation how often the first clause of a "but" sentence carries "not" (the world's share of negated
     *                 clauses; the deciding clause's negation is the plot's)
     */
    static List<String> tell(Plot plot, Story.Told told, double negation, Random random) {
        // Every wording choice is drawn up front, a fixed number of draws, so they never depend on the values.
        int thing = random.nextInt(2);
        int verb = random.nextInt(BEATS.size());
        Clause first = Clause.draw(random, -1);
        Clause second = Clause.draw(random, MOOD_NOUNS.indexOf(first.noun()));
        boolean firstNegated = random.nextDouble() < negation;
        int ending = random.nextInt(4);
        int reaction = random.nextInt(CHEERS.size());

        boolean past = plot.past();
        String hero = plot.hero();
        int setting = Plot.SETTINGS.indexOf(plot.setting());
        String[] things = THINGS[setting][thing];
        String sentence1 = "in the " + plot.setting() + " , the " + hero + " " + (past ? "found" : "finds") + " "
                + NUMBERS.get(plot.count() - 1) + " " + things[plot.count() == 1 ? 0 : 1] + " .";

        // After "but" the second clause decides the mood, and the first says the opposite.
        String moodSentence = plot.contrast()
                ? first.say(!plot.mood(), firstNegated, hero, past) + " , but "
                        + second.say(plot.mood(), plot.negated(), hero, past) + " ."
                : first.say(plot.mood(), plot.negated(), hero, past) + " .";

        String winner = plot.heroWins() ? hero : plot.foe();
        String loser = plot.heroWins() ? plot.foe() : hero;
        Verb beat = BEATS.get(verb);
        String encounter = plot.passive()
                ? "the " + loser + " " + (past ? "was " : "is ") + beat.participle() + " by the " + winner + " ."
                : "the " + winner + " " + (past ? beat.past() : beat.present()) + " the " + loser + " .";

        String toldWinner = told.heroWins() ? hero : plot.foe();
        String toldLoser = told.heroWins() ? plot.foe() : hero;
        // Two endings name the loser first and two the winner, so the order of the encounter cannot just be copied.
        String consequence = switch (ending) {
            case 0 -> "then the " + toldLoser + (past ? " fled" : " flees") + " from the " + toldWinner;
            case 1 -> "then the " + toldLoser + (past ? " bowed" : " bows") + " to the " + toldWinner;
            case 2 -> "then the " + toldWinner + (past ? " chased" : " chases") + " the " + toldLoser + " away";
            default -> "then the " + toldWinner + (past ? " sent" : " sends") + " the " + toldLoser + " home";
        };
        Verb react = (told.mood() ? CHEERS : GRIEFS).get(reaction);
        String end = consequence + " , and the " + hero + " " + (past ? react.past() : react.present()) + " .";
        return List.of(sentence1, moodSentence, encounter, end);
    }

    /**
     * One clause of the mood sentence, its wording drawn: a state ("the food was not bad") or the hero's attitude
     * ("the knight did not like the road"). Its polarity and negation are the plot's; the adjective or verb is
     * chosen so that, with "not", the clause says what it must.
     */
    private record Clause(boolean attitude, String noun, int pick) {
        /** A clause's wording; {@code avoid} is the first clause's noun (-1: none), so "but" compares two things. */
        static Clause draw(Random random, int avoid) {
            int noun = avoid < 0 ? random.nextInt(MOOD_NOUNS.size())
                    : (avoid + 1 + random.nextInt(MOOD_NOUNS.size() - 1)) % MOOD_NOUNS.size();
            return new Clause(random.nextBoolean(), MOOD_NOUNS.get(noun), random.nextInt(GOOD.size()));
        }

        String say(boolean positive, boolean negated, String hero, boolean past) {
            boolean wordPositive = positive != negated; // "not" flips what the word itself says
            if (!attitude) {
                String adjective = (wordPositive ? GOOD : BAD).get(pick);
                return "the " + noun + (past ? " was " : " is ") + (negated ? "not " : "") + adjective;
            }
            String verb;
            if (negated) {
                verb = (past ? "did not " : "does not ") + (wordPositive ? "like" : "hate");
            } else {
                verb = wordPositive ? (past ? "liked" : "likes") : (past ? "hated" : "hates");
            }
            return "the " + hero + " " + verb + " the " + noun;
        }
    }

    /**
     * What an ending says ({@link #tell}'s last sentence, in either tense): who won and how the hero feels, or null
     * when it is not an ending about {@code plot}'s hero and foe. For checking what a language model writes after a
     * story's prompt.
     */
    static Story.Told readEnding(String ending, Plot plot) {
        List<String> t = Story.tokens(ending);
        if (t.size() != 13 || !t.get(0).equals("then") || !t.get(1).equals("the")
                || !t.subList(7, 10).equals(List.of(",", "and", "the")) || !t.get(10).equals(plot.hero())
                || !t.get(12).equals(".")) {
            return null;
        }
        String verb = t.get(3);
        boolean loserFirst = List.of("fled", "flees").contains(verb) && t.get(4).equals("from")
                || List.of("bowed", "bows").contains(verb) && t.get(4).equals("to");
        boolean winnerFirst = List.of("chased", "chases").contains(verb) && t.get(6).equals("away")
                || List.of("sent", "sends").contains(verb) && t.get(6).equals("home");
        String first = t.get(2);
        String second = loserFirst ? t.get(6) : t.get(5);
        if (!(loserFirst && t.get(5).equals("the") || winnerFirst && t.get(4).equals("the"))
                || !(first.equals(plot.hero()) && second.equals(plot.foe())
                        || first.equals(plot.foe()) && second.equals(plot.hero()))) {
            return null;
        }
        String winner = loserFirst ? second : first;
        String reaction = t.get(11);
        boolean cheers = CHEERS.stream().anyMatch(v -> v.past().equals(reaction) || v.present().equals(reaction));
        boolean griefs = GRIEFS.stream().anyMatch(v -> v.past().equals(reaction) || v.present().equals(reaction));
        return cheers || griefs ? new Story.Told(winner.equals(plot.hero()), cheers) : null;
    }

    /** Every token {@link #tell} can emit, sorted: the same for every world, so worlds share a tokenizer. */
    static List<String> words() {
        TreeSet<String> words = new TreeSet<>(List.of("in", "the", ",", ".", "found", "finds", "was", "is", "by",
                "then", "fled", "flees", "from", "bowed", "bows", "to", "chased", "chases", "away", "sent", "sends",
                "home", "and", "but", "not", "did", "does", "like", "hate", "liked", "likes", "hated", "hates"));
        words.addAll(Plot.SETTINGS);
        words.addAll(Plot.HEROES);
        words.addAll(Plot.FOES);
        words.addAll(NUMBERS);
        for (String[][] kinds : THINGS) {
            for (String[] forms : kinds) {
                words.addAll(List.of(forms));
            }
        }
        for (List<Verb> verbs : List.of(BEATS, CHEERS, GRIEFS)) {
            for (Verb v : verbs) {
                words.add(v.past());
                words.add(v.present());
                if (v.participle() != null) {
                    words.add(v.participle());
                }
            }
        }
        words.addAll(MOOD_NOUNS);
        words.addAll(GOOD);
        words.addAll(BAD);
        return List.copyOf(new ArrayList<>(words));
    }

    /** Throws an error naming {@code field} unless {@code name} is one of {@code known}. */
    static void check(String field, String name, List<String> known) {
        if (name == null || !known.contains(name)) {
            throw new IllegalArgumentException(field + ": unknown " + field + " '" + name + "' (known: "
                    + String.join(", ", known) + ")");
        }
    }
}
