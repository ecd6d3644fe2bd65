package io.ontobridge.deploy.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * A stand-in text world for the language model's tests (the story world lives in {@code worlds} and is not
 * used here): 2-4 short sentences about one contest between two creatures, in the active or the passive voice,
 * with an aftermath that agrees with who won. Each text records its factors: {@code subject_won} (the first-named
 * creature won), {@code passive}.
 */
final class StandInStories implements TextCorpus {
    private static final List<String> CREATURES = List.of("knight", "dragon", "wizard", "troll", "princess", "giant",
            "fox", "king");
    private static final List<String> ADJECTIVES = List.of("brave", "old", "angry", "small", "tired", "clever");
    private static final List<String> VERBS = List.of("defeated", "chased", "tricked", "outran");
    private static final List<String> WIN = List.of("cheered", "laughed", "rested");
    private static final List<String> LOSE = List.of("fled", "cried", "hid");
    private static final List<String> SETTINGS = List.of("it was a cold night .", "the sun was high .",
            "it rained all day .");

    /** One text and its factors. */
    record Story(String text, Map<String, Double> factors) {
    }

    @Override
    public String name() {
        return "stand-in stories (test)";
    }

    @Override
    public Object config() {
        return Map.of("kind", "stand-in");
    }

    @Override
    public List<String> words() {
        TreeSet<String> words = new TreeSet<>(List.of("the", "a", "was", "by", ".", "then", "and"));
        for (List<String> l : List.of(CREATURES, ADJECTIVES, VERBS, WIN, LOSE, SETTINGS)) {
            for (String s : l) {
                words.addAll(List.of(s.split(" ")));
            }
        }
        return List.copyOf(words);
    }

    @Override
    public List<String> texts(int n, long seed) {
        return stories(n, seed).stream().map(Story::text).toList();
    }

    static List<Story> stories(int n, long seed) {
        Random r = new Random(seed);
        List<Story> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(r));
        }
        return out;
    }

    private static Story next(Random r) {
        String winner = pick(r, CREATURES);
        String loser = pick(r, CREATURES);
        while (loser.equals(winner)) {
            loser = pick(r, CREATURES);
        }
        String adjective = r.nextBoolean() ? pick(r, ADJECTIVES) + " " : "";
        boolean passive = r.nextBoolean();
        List<String> sentences = new ArrayList<>();
        if (r.nextInt(3) == 0) {
            sentences.add(pick(r, SETTINGS));
        }
        String verb = pick(r, VERBS);
        sentences.add(passive ? "the " + loser + " was " + verb + " by the " + adjective + winner + " ."
                : "the " + adjective + winner + " " + verb + " the " + loser + " .");
        sentences.add(r.nextBoolean() ? "the " + winner + " " + pick(r, WIN) + " ."
                : "then the " + loser + " " + pick(r, LOSE) + " .");
        if (r.nextInt(3) == 0) {
            sentences.add("the " + winner + " " + pick(r, WIN) + " and the " + loser + " " + pick(r, LOSE) + " .");
        }
        return new Story(String.join(" ", sentences), Map.of("subject_won", passive ? 0.0 : 1.0,
                "passive", passive ? 1.0 : 0.0));
    }

    private static String pick(Random r, List<String> l) {
        return l.get(r.nextInt(l.size()));
    }
}
