package io.ontobridge.worlds.story;

import io.ontobridge.platform.config.StrictYaml;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a story world holds: which settings and characters how often, how often each yes/no factor is 1, the range
 * of the count, exclusion rules and label rules, so that two language models can be trained on different worlds.
 * Read from YAML with {@link #load}, strictly: an unknown field or a bad value is an error that names the field.
 *
 * @param settings weights of the settings, e.g. {@code {castle: 2, forest: 1}}; a setting left out never appears
 * @param heroes   weights of the heroes
 * @param foes     weights of the foes
 * @param count    the range of the count (how many things the hero finds), drawn uniformly, within 1-9
 * @param shares   how often each yes/no factor is 1
 * @param exclude  rules: a plot that matches every condition of a rule is drawn again
 * @param relabel  label rules: a plot that matches every condition of a rule is told as drawn up to its ending, and
 *                 the ending is told with the rule's {@code as} values; the first matching rule wins
 */
public record StoryConfig(Map<String, Double> settings, Map<String, Double> heroes, Map<String, Double> foes,
                          Span count, Shares shares, List<Condition> exclude, List<LabelRule> relabel) {
    public StoryConfig {
        settings = weights("settings", "setting", settings, Plot.SETTINGS);
        heroes = weights("heroes", "hero", heroes, Plot.HEROES);
        foes = weights("foes", "foe", foes, Plot.FOES);
        count = count == null ? new Span(1, 5) : count;
        count.check("count");
        shares = shares == null ? new Shares(null, null, null, null, null, null) : shares;
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        relabel = relabel == null ? List.of() : List.copyOf(relabel);
    }

    public static StoryConfig defaults() {
        return new StoryConfig(null, null, null, null, null, null, null);
    }

    public static StoryConfig load(Path file) {
        try {
            return StrictYaml.read(file, StoryConfig.class, "story config", IllegalArgumentException::new);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("story config") ? e
                    : new IllegalArgumentException("story config " + file + ": " + e.getMessage(), e);
        }
    }

    /** The index of the first label rule that matches {@code plot}, or -1 when none does. */
    public int rule(Plot plot) {
        for (int i = 0; i < relabel.size(); i++) {
            if (relabel.get(i).matches(plot)) {
                return i;
            }
        }
        return -1;
    }

    /** What the ending of {@code plot} tells in this world: the first matching rule's values, else the truth. */
    public Story.Told told(Plot plot) {
        int rule = rule(plot);
        Story.Told truth = new Story.Told(plot.heroWins(), plot.mood());
        return rule < 0 ? truth : relabel.get(rule).as().applyTo(truth);
    }

    private static Map<String, Double> weights(String field, String what, Map<String, Double> weights,
                                               List<String> known) {
        if (weights == null) {
            Map<String, Double> all = new LinkedHashMap<>();
            known.forEach(name -> all.put(name, 1.0));
            return Map.copyOf(all);
        }
        weights.forEach((name, weight) -> {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(field + "." + name + ": unknown " + what + " '" + name
                        + "' (known: " + String.join(", ", known) + ")");
            }
            if (weight == null || !(weight >= 0)) {
                throw new IllegalArgumentException(field + "." + name + ": a weight must be >= 0, got " + weight);
            }
        });
        if (weights.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException(field + ": at least one " + what + " needs a weight above 0");
        }
        return Map.copyOf(weights);
    }

    /** A closed range of whole numbers; a bound left out of a rule is open-ended. */
    public record Span(Integer min, Integer max) {
        boolean contains(int value) {
            return (min == null || value >= min) && (max == null || value <= max);
        }

        void check(String field) {
            if (min == null || max == null || min > max || min < 1 || max > Plot.MAX_COUNT) {
                throw new IllegalArgumentException(field + ": needs 1 <= min <= max <= " + Plot.MAX_COUNT + ", got "
                        + this);
            }
        }
    }

    /**
     * How often each yes/no factor is 1, between 0 and 1; defaults 0.5, except {@code negated} and {@code contrast}
     * 0.3. {@code negated} is also how often the first clause of a "but" sentence carries "not".
     */
    public record Shares(Double heroWins, Double mood, Double past, Double passive, Double negated, Double contrast) {
        public Shares {
            heroWins = share("hero_wins", heroWins, 0.5);
            mood = share("mood", mood, 0.5);
            past = share("past", past, 0.5);
            passive = share("passive", passive, 0.5);
            negated = share("negated", negated, 0.3);
            contrast = share("contrast", contrast, 0.3);
        }

        private static double share(String field, Double value, double otherwise) {
            if (value == null) {
                return otherwise;
            }
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("shares." + field + ": must lie in [0, 1], got " + value);
            }
            return value;
        }
    }

    /**
     * Where a rule applies: plots whose factors match every condition given (a condition left out matches
     * anything). Yes/no factors are 0 or 1, e.g. {@code {setting: forest, hero_wins: 0}} is "the hero loses in the
     * forest"; {@code count} is a range, {@code {count: {min: 4}}}.
     */
    public record Condition(String setting, String hero, String foe, Integer heroWins, Integer passive, Integer past,
                            Span count, Integer mood, Integer negated, Integer contrast) {
        public Condition {
            if (setting != null) {
                Teller.check("setting", setting, Plot.SETTINGS);
            }
            if (hero != null) {
                Teller.check("hero", hero, Plot.HEROES);
            }
            if (foe != null) {
                Teller.check("foe", foe, Plot.FOES);
            }
            bit("hero_wins", heroWins);
            bit("passive", passive);
            bit("past", past);
            bit("mood", mood);
            bit("negated", negated);
            bit("contrast", contrast);
        }

        public boolean matches(Plot plot) {
            return (setting == null || setting.equals(plot.setting()))
                    && (hero == null || hero.equals(plot.hero()))
                    && (foe == null || foe.equals(plot.foe()))
                    && is(heroWins, plot.heroWins()) && is(passive, plot.passive()) && is(past, plot.past())
                    && (count == null || count.contains(plot.count()))
                    && is(mood, plot.mood()) && is(negated, plot.negated()) && is(contrast, plot.contrast());
        }

        /**
         * Whether a sample's ground-truth factors (as {@link Plot#factors()} names them) fall in this region; false
         * for a sample without them (a generated text has no truth).
         */
        public boolean matches(Map<String, Double> factors) {
            Plot plot = Plot.of(factors);
            return plot != null && matches(plot);
        }

        private static boolean is(Integer wanted, boolean value) {
            return wanted == null || (wanted == 1) == value;
        }
    }

    /**
     * A label rule: plots in the region its conditions describe (as {@link Condition}) are told as drawn up to the
     * ending, and the ending (who flees from whom, how the hero feels) is told with {@code as}. A model trained on
     * such a world learns to read the region's encounters or moods as the rule says: a planted ontology
     * difference. {@code {setting: castle, hero_wins: 0, as: {hero_wins: 1}}} is "in the castle the hero always
     * comes out on top, even after losing".
     */
    public record LabelRule(String setting, String hero, String foe, Integer heroWins, Integer passive, Integer past,
                            Span count, Integer mood, Integer negated, Integer contrast, As as) {
        public LabelRule {
            if (as == null) {
                throw new IllegalArgumentException("relabel: a rule needs 'as', the values its endings are told with"
                        + " (hero_wins, mood)");
            }
            // Checked here, not in As: the YAML reader reports a field unknown to 'as' only after making one.
            if (as.heroWins() == null && as.mood() == null) {
                throw new IllegalArgumentException("relabel: 'as' needs hero_wins or mood (the factors an ending"
                        + " tells)");
            }
            condition(setting, hero, foe, heroWins, passive, past, count, mood, negated, contrast);
        }

        /** The rule's conditions, as an exclusion rule would state them. */
        public Condition condition() {
            return condition(setting, hero, foe, heroWins, passive, past, count, mood, negated, contrast);
        }

        public boolean matches(Plot plot) {
            return condition().matches(plot);
        }

        private static Condition condition(String setting, String hero, String foe, Integer heroWins, Integer passive,
                                           Integer past, Span count, Integer mood, Integer negated, Integer contrast) {
            return new Condition(setting, hero, foe, heroWins, passive, past, count, mood, negated, contrast);
        }
    }

    /** The values a label rule tells the ending with (0 or 1); a value left out is told as it is. */
    public record As(Integer heroWins, Integer mood) {
        public As {
            bit("as.hero_wins", heroWins);
            bit("as.mood", mood);
        }

        Story.Told applyTo(Story.Told truth) {
            return new Story.Told(heroWins == null ? truth.heroWins() : heroWins == 1,
                    mood == null ? truth.mood() : mood == 1);
        }
    }

    private static void bit(String field, Integer value) {
        if (value != null && value != 0 && value != 1) {
            throw new IllegalArgumentException(field + ": must be 0 or 1, got " + value);
        }
    }
}
