package io.ontobridge.producers.text;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The built-in sentiment templates, an unbounded source of sentences: reviews and remarks assembled from
 * subjects, intensifiers, negation, mixed clauses and neutral filler, so the stream covers strongly
 * positive to strongly negative, and much in between, with little repetition. Deterministic for a seed.
 * They speak of sentiment only, so they are drawn only where a spec names them ({@code mode: templates},
 * as the shipped sentiment spec does), never as a default for other text concepts.
 */
public final class TemplateSentences implements Supplier<String> {
    private static final List<String> SUBJECTS = List.of(
            "the movie", "this restaurant", "my new phone", "the hotel staff", "our trip to the coast", "the concert",
            "this book", "the service", "the coffee here", "her latest album", "the software update",
            "the customer support", "the weather this weekend", "the train ride", "your presentation", "the museum",
            "the new bakery", "this laptop", "the final episode", "the match", "the flight", "the apartment",
            "the tour guide", "the meal", "the game", "his speech", "the conference", "the delivery", "the park",
            "the workshop", "the neighbourhood", "the app", "the playground", "the lecture", "the wedding",
            "the rental car", "the dentist", "the pizza", "the festival", "the interview", "the hike",
            "the documentary", "the classroom", "the new policy", "the podcast", "the sequel", "the bus service");
    private static final List<String> POSITIVE = List.of(
            "wonderful", "excellent", "delightful", "fantastic", "superb", "lovely", "pleasant", "great", "good",
            "brilliant", "charming", "impressive", "enjoyable", "amazing", "helpful", "beautiful", "friendly",
            "fun", "satisfying", "outstanding", "comfortable", "refreshing", "memorable", "perfect");
    private static final List<String> NEGATIVE = List.of(
            "terrible", "awful", "disappointing", "horrible", "dreadful", "mediocre", "bad", "poor", "boring",
            "frustrating", "annoying", "unpleasant", "dull", "broken", "rude", "painful", "useless", "messy",
            "depressing", "awkward", "overpriced", "noisy", "miserable", "confusing");
    private static final List<String> NEUTRAL = List.of(
            "long", "blue", "on time", "quiet", "new", "expensive", "ordinary", "small", "busy", "typical",
            "short", "crowded", "late", "early", "large", "familiar", "different", "loud", "simple", "green");
    private static final List<String> INTENSIFIERS = List.of(
            "", "", "", "very ", "really ", "quite ", "somewhat ", "absolutely ", "a bit ", "rather ", "truly ",
            "slightly ", "incredibly ");
    private static final List<String> LINKS = List.of(
            "was", "is", "felt", "seemed", "turned out to be", "has been", "looked", "sounded");
    private static final List<String> POSITIVE_VERBS = List.of(
            "loved", "enjoyed", "liked", "adored", "appreciated", "recommend", "admired", "treasured");
    private static final List<String> NEGATIVE_VERBS = List.of(
            "hated", "disliked", "regretted", "resented", "could not stand", "despised", "avoided", "complained about");
    private static final List<String> POSITIVE_TAILS = List.of(
            " and I would go again.", ", I want more of it!", " and it made my day.", ", highly recommended.",
            " and everyone smiled.", ", worth every penny.");
    private static final List<String> NEGATIVE_TAILS = List.of(
            " and I want my money back.", ", never again.", " and it ruined my evening.", ", a complete waste of time.",
            " and nobody was happy.", ", what a letdown.");
    private static final List<String> NEUTRAL_TAILS = List.of(
            ".", ".", ".", " last Tuesday.", " according to my friend.", " this time.", " as expected.",
            " in the afternoon.", " on the second day.", " for the most part.");
    private static final List<String> EMOTIONS_POSITIVE = List.of("happy", "smile", "laugh", "proud", "relaxed", "excited");
    private static final List<String> EMOTIONS_NEGATIVE = List.of("angry", "cry", "sad", "tired", "nervous", "upset");

    private final Random random;

    public TemplateSentences(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public String get() {
        String sentence = switch (random.nextInt(9)) {
            case 0, 1, 2 -> judgement();
            case 3 -> opinion();
            case 4 -> contrast();
            case 5 -> effect();
            case 6 -> neutralRemark();
            case 7 -> question();
            default -> denial();
        };
        return Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }

    /** "the concert was really wonderful and I would go again." */
    private String judgement() {
        int polarity = random.nextInt(3);
        boolean negated = random.nextInt(6) == 0;
        String adjective = adjective(polarity);
        String tail = polarity == 2 || random.nextBoolean() ? pick(NEUTRAL_TAILS)
                : pick((polarity == 0) != negated ? POSITIVE_TAILS : NEGATIVE_TAILS);
        return pick(SUBJECTS) + " " + pick(LINKS) + " " + (negated ? "not " : "") + pick(INTENSIFIERS) + adjective + tail;
    }

    /** "I honestly loved the museum." */
    private String opinion() {
        boolean positive = random.nextBoolean();
        String adverb = pick(List.of("", "", "honestly ", "really ", "mostly ", "kind of ", "completely "));
        return "I " + adverb + pick(positive ? POSITIVE_VERBS : NEGATIVE_VERBS) + " " + pick(SUBJECTS) + pick(NEUTRAL_TAILS);
    }

    /** "the flight was awful, but the tour guide was lovely." */
    private String contrast() {
        int first = random.nextInt(3);
        int second = random.nextInt(3);
        return pick(SUBJECTS) + " " + pick(LINKS) + " " + pick(INTENSIFIERS) + adjective(first) + ", but "
                + pick(SUBJECTS) + " " + pick(LINKS) + " " + pick(INTENSIFIERS) + adjective(second) + ".";
    }

    /** "the sequel made me laugh." */
    private String effect() {
        boolean positive = random.nextBoolean();
        return pick(SUBJECTS) + " made me " + pick(positive ? EMOTIONS_POSITIVE : EMOTIONS_NEGATIVE) + pick(NEUTRAL_TAILS);
    }

    /** "the bus service was crowded on the second day." */
    private String neutralRemark() {
        return pick(SUBJECTS) + " " + pick(LINKS) + " " + adjective(2) + pick(NEUTRAL_TAILS);
    }

    /** "was the pizza really good?" */
    private String question() {
        return pick(List.of("was ", "is ", "why was ")) + pick(SUBJECTS) + " " + pick(INTENSIFIERS)
                + adjective(random.nextInt(3)) + "?";
    }

    /** "nothing about the hike was frustrating." */
    private String denial() {
        return pick(List.of("nothing about ", "not one part of ", "hardly anything in ")) + pick(SUBJECTS) + " was "
                + adjective(random.nextInt(2)) + pick(NEUTRAL_TAILS);
    }

    private String adjective(int polarity) {
        return pick(polarity == 0 ? POSITIVE : polarity == 1 ? NEGATIVE : NEUTRAL);
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
