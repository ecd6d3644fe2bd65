package io.ontobridge.worlds.story;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens in one story, before it is put into words: the ground truth, as {@code Scene} is for the shapes
 * world. {@link Teller} puts a plot into words; the wording (which verb, which adjective) is drawn there and is not
 * a factor.
 *
 * @param setting   where it happens, one of {@link #SETTINGS}
 * @param hero      the hero, one of {@link #HEROES}
 * @param foe       the hero's opponent, one of {@link #FOES}
 * @param heroWins  whether the hero won the encounter (told through word order and voice only)
 * @param passive   whether the encounter is told in the passive voice ("the dragon was defeated by the knight")
 * @param past      whether the story is told in the past tense (else the present)
 * @param count     how many things the hero found (1 to 9, told as a number word)
 * @param mood      whether the mood sentence is positive, all clauses read together: a negated clause flips its
 *                  adjective, and after "but" the second clause decides
 * @param negated   whether the clause that decides the mood carries "not"
 * @param contrast  whether the mood sentence has a "but" clause (whose polarity is the opposite of the first's)
 */
public record Plot(String setting, String hero, String foe, boolean heroWins, boolean passive, boolean past, int count,
                   boolean mood, boolean negated, boolean contrast) {
    /** The settings; the factor {@code setting} is an index into this list. */
    public static final List<String> SETTINGS = List.of("castle", "forest", "cave", "village");
    /** The heroes; the factor {@code hero} is an index into this list. */
    public static final List<String> HEROES = List.of("knight", "princess", "farmer", "sailor");
    /** The foes; the factor {@code foe} is an index into this list. */
    public static final List<String> FOES = List.of("dragon", "troll", "wolf", "giant");
    /** The largest count: the grammar has number words up to nine. */
    public static final int MAX_COUNT = 9;

    /** The factor names, in the order {@link #factors()} lists them. */
    public static final String[] FACTORS = {"setting", "is_castle", "is_forest", "is_cave", "is_village", "hero", "foe",
            "hero_wins", "passive", "past", "count", "mood", "negated", "contrast"};

    public Plot {
        Teller.check("setting", setting, SETTINGS);
        Teller.check("hero", hero, HEROES);
        Teller.check("foe", foe, FOES);
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count: must be between 1 and " + MAX_COUNT + ", got " + count);
        }
    }

    /**
     * The ground-truth factors by name: the setting, hero and foe as their index in the grammar's lists, the setting
     * also as one 0/1 factor per setting (like {@code is_circle}), every yes/no factor as 0/1.
     */
    public Map<String, Double> factors() {
        Map<String, Double> factors = new LinkedHashMap<>();
        factors.put("setting", (double) SETTINGS.indexOf(setting));
        for (String s : SETTINGS) {
            factors.put("is_" + s, s.equals(setting) ? 1.0 : 0.0);
        }
        factors.put("hero", (double) HEROES.indexOf(hero));
        factors.put("foe", (double) FOES.indexOf(foe));
        factors.put("hero_wins", bit(heroWins));
        factors.put("passive", bit(passive));
        factors.put("past", bit(past));
        factors.put("count", (double) count);
        factors.put("mood", bit(mood));
        factors.put("negated", bit(negated));
        factors.put("contrast", bit(contrast));
        return factors;
    }

    /**
     * The plot that {@link #factors()} describes, e.g. to tell a story again near a sample the generator was asked
     * about; null when a factor is missing or out of range (a text without ground truth).
     */
    public static Plot of(Map<String, Double> factors) {
        if (factors == null) {
            return null;
        }
        for (String name : FACTORS) {
            if (factors.get(name) == null) {
                return null;
            }
        }
        int setting = (int) Math.round(factors.get("setting"));
        int hero = (int) Math.round(factors.get("hero"));
        int foe = (int) Math.round(factors.get("foe"));
        int count = (int) Math.round(factors.get("count"));
        if (setting < 0 || setting >= SETTINGS.size() || hero < 0 || hero >= HEROES.size()
                || foe < 0 || foe >= FOES.size() || count < 1 || count > MAX_COUNT) {
            return null;
        }
        return new Plot(SETTINGS.get(setting), HEROES.get(hero), FOES.get(foe),
                yes(factors, "hero_wins"), yes(factors, "passive"), yes(factors, "past"), count, yes(factors, "mood"),
                yes(factors, "negated"), yes(factors, "contrast"));
    }

    private static double bit(boolean b) {
        return b ? 1.0 : 0.0;
    }

    private static boolean yes(Map<String, Double> factors, String name) {
        return factors.get(name) >= 0.5;
    }
}
