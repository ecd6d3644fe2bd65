package io.ontobridge.worlds.story;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One story as a world tells it: its sentences and the plot behind them (the ground truth).
 *
 * @param plot      what happened; {@link #factors()} are its factors, whatever the label rules made of the ending
 * @param sentences the four sentences, each a run of tokens separated by single spaces and ending in " ."
 * @param rule      the index of the label rule that told the ending ({@code relabel} in the config), -1 for none
 * @param told      the values the ending tells: the plot's own unless a label rule says otherwise
 */
public record Story(Plot plot, List<String> sentences, int rule, Told told) {
    /** The sentences before the ending: the setting, the mood and the encounter (the cues), not what follows. */
    public static final int PROMPT_SENTENCES = 3;

    public Story {
        sentences = List.copyOf(sentences);
    }

    /** The values an ending tells: who won, and whether the hero feels good. */
    public record Told(boolean heroWins, boolean mood) {
    }

    /** The whole story: tokens separated by single spaces. */
    public String text() {
        return String.join(" ", sentences);
    }

    /** {@link #text()} split into its tokens. */
    public List<String> tokens() {
        return tokens(text());
    }

    /** The ground-truth factors, as {@link Plot#factors()} names them (the truth, also where a rule retold it). */
    public Map<String, Double> factors() {
        return plot.factors();
    }

    /**
     * The story up to its ending: the setting, the mood and the encounter, i.e. everything a model needs to know
     * who won and how the hero feels, before it is said. Prompt a language model with it, or read a model's state
     * at its last token: what the model expects next is where a label rule leaves its mark.
     */
    public String prompt() {
        return prefix(PROMPT_SENTENCES);
    }

    /** The last sentence: who flees from whom, and how the hero feels (what label rules retell). */
    public String ending() {
        return sentences.get(sentences.size() - 1);
    }

    /** The first {@code n} sentences (at most all of them), e.g. {@code prefix(1)} to prompt with the setting only. */
    public String prefix(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a prefix needs n >= 0 sentences, got " + n);
        }
        return String.join(" ", sentences.subList(0, Math.min(n, sentences.size())));
    }

    /** Whether a label rule made the ending tell something other than the truth. */
    public boolean retold() {
        return told.heroWins() != plot.heroWins() || told.mood() != plot.mood();
    }

    /** A text's tokens: the world separates every word and punctuation mark by a single space. */
    public static List<String> tokens(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.trim().split(" +"));
    }
}
