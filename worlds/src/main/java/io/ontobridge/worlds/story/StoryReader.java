package io.ontobridge.worlds.story;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a text back into the story it tells, the inverse of {@link Teller}: a text is a story when it is exactly four
 * sentences of the grammar, every word one the world emits, one tense throughout, the same hero in every sentence
 * and the same foe in the encounter and the ending. The plot is what sentences 1-3 tell (the setting, the count,
 * the mood sentence, who won the encounter and in which voice); the ending must be an ending about that hero and
 * foe, and what it tells (who won, the mood) is read as {@link Story.Told}, which may differ from the plot as it
 * does where a label rule retold a story. For what a language model writes, e.g. a steered continuation.
 */
final class StoryReader {
    private static final Set<String> WORDS = Set.copyOf(Teller.words());
    private static final int SENTENCES = 4;

    private StoryReader() {
    }

    /** Why a text is not a story of the grammar. */
    static final class NotAStory extends Exception {
        NotAStory(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The story {@code text} tells; its {@link Story#rule()} is -1, since a text does not say which rule told it. */
    static Story read(String text) throws NotAStory {
        if (text == null || text.isBlank()) {
            throw new NotAStory("empty text");
        }
        List<String> tokens = Story.tokens(text);
        for (String token : tokens) {
            if (!WORDS.contains(token)) {
                throw new NotAStory("word outside the grammar: '" + token + "'");
            }
        }
        List<List<String>> sentences = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).equals(".")) {
                sentences.add(tokens.subList(start, i + 1));
                start = i + 1;
            }
        }
        if (start < tokens.size()) {
            throw new NotAStory("the text ends inside a sentence: '" + String.join(" ", tokens.subList(start, tokens.size())) + "'");
        }
        if (sentences.size() != SENTENCES) {
            throw new NotAStory(sentences.size() + " sentences, not " + SENTENCES);
        }
        Setting setting = setting(sentences.get(0));
        Mood mood = mood(sentences.get(1), setting.hero(), setting.past());
        Encounter encounter = encounter(sentences.get(2), setting.hero(), setting.past());
        Plot plot = new Plot(setting.place(), setting.hero(), encounter.foe(), encounter.heroWins(), encounter.passive(),
                setting.past(), setting.count(), mood.positive(), mood.negated(), mood.contrast());
        String ending = String.join(" ", sentences.get(3));
        Story.Told told = Teller.readEnding(ending, plot);
        if (told == null) {
            throw new NotAStory("sentence 4 is no ending about the " + plot.hero() + " and the " + plot.foe() + ": '" + ending + "'");
        }
        List<String> end = sentences.get(3);
        if (!inTense(end.get(3), setting.past()) || !inTense(end.get(11), setting.past())) {
            throw new NotAStory("sentence 4 is not in the " + tense(setting.past()) + " tense: '" + ending + "'");
        }
        List<String> words = sentences.stream().map(s -> String.join(" ", s)).toList();
        return new Story(plot, words, -1, told);
    }

    private record Setting(String place, String hero, boolean past, int count) {
    }

    /** "in the cave , the farmer found two gems ." */
    private static Setting setting(List<String> s) throws NotAStory {
        String said = "sentence 1 is no setting (in the PLACE , the HERO found N THINGS .): '" + String.join(" ", s) + "'";
        if (s.size() != 10 || !s.get(0).equals("in") || !s.get(1).equals("the") || !s.get(3).equals(",")
                || !s.get(4).equals("the") || !Plot.SETTINGS.contains(s.get(2)) || !Plot.HEROES.contains(s.get(5))
                || !List.of("found", "finds").contains(s.get(6)) || !Teller.NUMBERS.contains(s.get(7))) {
            throw new NotAStory(said);
        }
        int place = Plot.SETTINGS.indexOf(s.get(2));
        int count = Teller.NUMBERS.indexOf(s.get(7)) + 1;
        boolean thing = false;
        for (String[] forms : Teller.THINGS[place]) {
            thing |= forms[count == 1 ? 0 : 1].equals(s.get(8));
        }
        if (!thing) {
            throw new NotAStory("sentence 1: '" + s.get(7) + " " + s.get(8) + "' are not things found in the " + s.get(2));
        }
        return new Setting(s.get(2), s.get(5), s.get(6).equals("found"), count);
    }

    private record Clause(String noun, boolean positive, boolean negated) {
    }

    private record Mood(boolean positive, boolean negated, boolean contrast) {
    }

    /** "the road was bad ." or "the bed is fine , but the princess hates the road ." */
    private static Mood mood(List<String> s, String hero, boolean past) throws NotAStory {
        List<String> body = s.subList(0, s.size() - 1);
        int but = body.indexOf("but");
        if (but < 0) {
            Clause only = clause(body, hero, past, s);
            return new Mood(only.positive(), only.negated(), false);
        }
        if (but < 1 || !body.get(but - 1).equals(",")) {
            throw new NotAStory("sentence 2: 'but' without the comma before it: '" + String.join(" ", s) + "'");
        }
        Clause first = clause(body.subList(0, but - 1), hero, past, s);
        Clause second = clause(body.subList(but + 1, body.size()), hero, past, s);
        // The grammar contrasts two different things, and the first says the opposite of the second, which decides.
        if (first.noun().equals(second.noun()) || first.positive() == second.positive()) {
            throw new NotAStory("sentence 2: a 'but' that contrasts nothing (the grammar's first clause says the"
                    + " opposite of the second, about another thing): '" + String.join(" ", s) + "'");
        }
        return new Mood(second.positive(), second.negated(), true);
    }

    /** "the food was not bad", "the knight liked the road", "the knight did not hate the road". */
    private static Clause clause(List<String> c, String hero, boolean past, List<String> sentence) throws NotAStory {
        String said = "sentence 2 is no mood sentence: '" + String.join(" ", sentence) + "'";
        if (c.size() < 4 || !c.get(0).equals("the")) {
            throw new NotAStory(said);
        }
        if (Teller.MOOD_NOUNS.contains(c.get(1))) {
            boolean negated = c.size() == 5;
            if (c.size() > 5 || !c.get(2).equals(past ? "was" : "is") || negated && !c.get(3).equals("not")) {
                throw new NotAStory(said);
            }
            String adjective = c.get(c.size() - 1);
            if (!Teller.GOOD.contains(adjective) && !Teller.BAD.contains(adjective)) {
                throw new NotAStory(said);
            }
            return new Clause(c.get(1), Teller.GOOD.contains(adjective) != negated, negated);
        }
        if (!c.get(1).equals(hero)) {
            throw new NotAStory(Plot.HEROES.contains(c.get(1)) ? "sentence 2 names the " + c.get(1) + ", not the hero, the " + hero
                    + ": '" + String.join(" ", sentence) + "'" : said);
        }
        boolean negated = c.size() == 7;
        String verb;
        if (negated) {
            if (!c.get(2).equals(past ? "did" : "does") || !c.get(3).equals("not")) {
                throw new NotAStory(said);
            }
            verb = c.get(4);
            if (!verb.equals("like") && !verb.equals("hate")) {
                throw new NotAStory(said);
            }
        } else if (c.size() == 5) {
            verb = c.get(2);
            if (!(past ? List.of("liked", "hated") : List.of("likes", "hates")).contains(verb)) {
                throw new NotAStory(said);
            }
        } else {
            throw new NotAStory(said);
        }
        String noun = c.get(c.size() - 1);
        if (!c.get(c.size() - 2).equals("the") || !Teller.MOOD_NOUNS.contains(noun)) {
            throw new NotAStory(said);
        }
        return new Clause(noun, verb.startsWith("lik") != negated, negated);
    }

    private record Encounter(String foe, boolean heroWins, boolean passive) {
    }

    /** "the farmer tricked the troll ." or "the troll was tricked by the farmer ." */
    private static Encounter encounter(List<String> s, String hero, boolean past) throws NotAStory {
        String said = "sentence 3 is no encounter between the " + hero + " and a foe: '" + String.join(" ", s) + "'";
        String winner;
        String loser;
        boolean passive = s.size() == 8;
        if (passive) {
            if (!s.get(0).equals("the") || !s.get(2).equals(past ? "was" : "is") || !s.get(4).equals("by")
                    || !s.get(5).equals("the") || Teller.BEATS.stream().noneMatch(v -> v.participle().equals(s.get(3)))) {
                throw new NotAStory(said);
            }
            loser = s.get(1);
            winner = s.get(6);
        } else if (s.size() == 6) {
            if (!s.get(0).equals("the") || !s.get(3).equals("the")
                    || Teller.BEATS.stream().noneMatch(v -> (past ? v.past() : v.present()).equals(s.get(2)))) {
                throw new NotAStory(said);
            }
            winner = s.get(1);
            loser = s.get(4);
        } else {
            throw new NotAStory(said);
        }
        boolean heroWins = winner.equals(hero);
        String foe = heroWins ? loser : winner;
        if (!(heroWins || loser.equals(hero)) || !Plot.FOES.contains(foe)) {
            throw new NotAStory(said);
        }
        return new Encounter(foe, heroWins, passive);
    }

    /** Whether an ending's verb or reaction word is in the tense. */
    private static boolean inTense(String word, boolean past) {
        return (past ? Set.of("fled", "bowed", "chased", "sent") : Set.of("flees", "bows", "chases", "sends")).contains(word)
                || Teller.CHEERS.stream().anyMatch(v -> (past ? v.past() : v.present()).equals(word))
                || Teller.GRIEFS.stream().anyMatch(v -> (past ? v.past() : v.present()).equals(word));
    }

    private static String tense(boolean past) {
        return past ? "past" : "present";
    }
}
