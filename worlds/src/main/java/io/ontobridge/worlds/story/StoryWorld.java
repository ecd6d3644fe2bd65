package io.ontobridge.worlds.story;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A procedural world of short stories with known factors: draws plots that honour a {@link StoryConfig} and tells
 * them ({@link Teller}). Deterministic for a seed: the same config and seed give the same stories. Who won the
 * encounter ({@code hero_wins}) is told by word order and voice only, so no bag of words recovers it; the setting,
 * tense and count are plain words; the mood depends on "not" and "but" (docs/story-world.md).
 */
public final class StoryWorld {
    private static final int MAX_ATTEMPTS = 10_000;

    private final StoryConfig config;
    private final Random random;

    public StoryWorld(StoryConfig config, long seed) {
        this.config = config;
        this.random = new Random(seed);
    }

    public StoryConfig config() {
        return config;
    }

    /** The next story: a plot that passes every exclusion rule, told with this world's label rules. */
    public Story next() {
        return tell(nextPlot());
    }

    /** {@code n} next stories. */
    public List<Story> next(int n) {
        return java.util.stream.Stream.generate(this::next).limit(n).toList();
    }

    /** Draws plots until one passes every exclusion rule. */
    public Plot nextPlot() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Plot plot = drawPlot();
            if (config.exclude().stream().noneMatch(rule -> rule.matches(plot))) {
                return plot;
            }
        }
        throw new IllegalStateException("the world's exclusion rules rejected " + MAX_ATTEMPTS
                + " plots in a row: they leave (almost) nothing to draw");
    }

    /**
     * {@code plot} in words, its ending told as this world's label rules say (the first matching rule wins); the
     * wording is drawn from this world's random source. Exclusion rules are not consulted: a plot given is told.
     */
    public Story tell(Plot plot) {
        int rule = config.rule(plot);
        Story.Told told = config.told(plot);
        return new Story(plot, Teller.tell(plot, told, config.shares().negated(), random), rule, told);
    }

    /**
     * Every token any story world can emit, sorted; the same for every config, so that models trained on different
     * worlds share one word-level tokenizer and can read each other's texts.
     */
    public static List<String> words() {
        return WORDS;
    }

    private static final List<String> WORDS = Teller.words();

    /**
     * What an ending says about {@code plot}: who won and whether the hero feels good, or null when the sentence is
     * not a well-formed ending naming the plot's hero and foe. For checking what a language model writes after
     * {@link Story#prompt()}: trained on this world, its ending should tell {@code config().told(plot)}.
     */
    public static Story.Told readEnding(Plot plot, String ending) {
        return Teller.readEnding(ending, plot);
    }

    /**
     * The story a text tells, read back: exactly four sentences of the grammar, every word one a world emits, one
     * tense throughout, one hero and one foe. Its plot is what sentences 1-3 tell (who won as the encounter tells
     * it, the mood as the mood sentence tells it); its {@link Story#told()} is what the ending tells, which differs
     * from the plot where a label rule retold the story (or a language model wrote an ending that contradicts the
     * encounter). Its {@link Story#rule()} is -1: a text does not say which rule told it. Null when the text is not
     * such a story ({@link #problem} says why). For a world's own story, {@code read(story.text())} has the
     * story's plot, told values and sentences.
     */
    public static Story read(String text) {
        try {
            return StoryReader.read(text);
        } catch (StoryReader.NotAStory e) {
            return null;
        }
    }

    /** Why {@link #read} finds no story in {@code text} (e.g. "word outside the grammar: 'moon'"), null when it does. */
    public static String problem(String text) {
        try {
            StoryReader.read(text);
            return null;
        } catch (StoryReader.NotAStory e) {
            return e.getMessage();
        }
    }

    private Plot drawPlot() {
        StoryConfig.Shares shares = config.shares();
        // A fixed order of draws: the same seed gives the same plots in worlds that differ only in label rules.
        String setting = pick(config.settings(), Plot.SETTINGS);
        String hero = pick(config.heroes(), Plot.HEROES);
        String foe = pick(config.foes(), Plot.FOES);
        boolean heroWins = random.nextDouble() < shares.heroWins();
        boolean passive = random.nextDouble() < shares.passive();
        boolean past = random.nextDouble() < shares.past();
        int count = config.count().min() + random.nextInt(config.count().max() - config.count().min() + 1);
        boolean mood = random.nextDouble() < shares.mood();
        boolean negated = random.nextDouble() < shares.negated();
        boolean contrast = random.nextDouble() < shares.contrast();
        return new Plot(setting, hero, foe, heroWins, passive, past, count, mood, negated, contrast);
    }

    private String pick(Map<String, Double> weights, List<String> names) {
        double total = 0;
        for (String name : names) {
            total += weights.getOrDefault(name, 0.0);
        }
        double at = random.nextDouble() * total;
        String last = null;
        for (String name : names) {
            double w = weights.getOrDefault(name, 0.0);
            if (w > 0) {
                last = name;
                if (at < w) {
                    return name;
                }
                at -= w;
            }
        }
        return last; // rounding at the very top
    }
}
