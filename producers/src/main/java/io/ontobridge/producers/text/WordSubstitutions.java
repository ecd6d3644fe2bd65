package io.ontobridge.producers.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-word edits of a sentence that stay grammatical: one content word is replaced by another content
 * word that the spec's own texts (its corpus, its examples, its templates where it names them) use in
 * the same slot, between the same two neighbouring tokens. Nothing is moved, inserted or dropped, and the
 * replaced word keeps the original's capitalization, so an edit reads as well as the sentences it was
 * learned from. A sentence with no such slot has no edit: active sampling then draws nothing near it
 * rather than word salad.
 */
public final class WordSubstitutions {
    /** A word (letters, with an inner apostrophe or hyphen) or any single other non-space character. */
    static final Pattern TOKEN = Pattern.compile("\\p{L}+(?:['’-]\\p{L}+)*|[^\\s\\p{L}]");
    private static final String START = "<s>";
    private static final String END = "</s>";
    /** Words that carry grammar rather than content: never replaced, never a replacement. */
    static final Set<String> FUNCTION_WORDS = Set.of(
            "a", "an", "the", "this", "that", "these", "those", "my", "your", "his", "her", "its", "our", "their",
            "i", "me", "you", "he", "him", "she", "it", "we", "us", "they", "them", "who", "whom", "which", "what",
            "in", "on", "at", "of", "to", "for", "with", "by", "from", "about", "as", "into", "over", "under",
            "after", "before", "between", "through", "during", "without", "within", "upon", "per", "via",
            "and", "or", "but", "nor", "so", "yet", "if", "because", "although", "though", "while", "than",
            "not", "no", "never", "nothing", "none", "hardly", "is", "are", "was", "were", "be", "been", "being",
            "am", "do", "does", "did", "have", "has", "had", "will", "would", "shall", "should", "can", "could",
            "may", "might", "must", "there", "here", "then", "all", "any", "some", "each", "every", "such");

    /** For each slot (previous token, next token), the content words seen in it, in first-seen order. */
    private final Map<String, Set<String>> wordsBySlot = new HashMap<>();

    /** Learns the slots of the spec's own texts. */
    public WordSubstitutions(Collection<String> vocabularyTexts) {
        for (String text : vocabularyTexts) {
            List<String> tokens = lowerTokens(text);
            for (int i = 0; i < tokens.size(); i++) {
                if (isContentWord(tokens.get(i))) {
                    wordsBySlot.computeIfAbsent(slot(tokens, i), k -> new LinkedHashSet<>()).add(tokens.get(i));
                }
            }
        }
    }

    /**
     * A one-word edit of {@code text} that is neither the text itself nor one of {@code taken}, or null
     * when there is none left.
     */
    public String edit(String text, Set<String> taken, Random random) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        List<String> tokens = lowerTokens(text);
        List<String> edits = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String word = tokens.get(i);
            if (!isContentWord(word)) {
                continue;
            }
            int start = spans.get(i)[0];
            int end = spans.get(i)[1];
            for (String other : wordsBySlot.getOrDefault(slot(tokens, i), Set.of())) {
                String edited = text.substring(0, start) + sameCase(text.substring(start, end), other) + text.substring(end);
                if (!other.equals(word) && !edited.equals(text) && !taken.contains(edited)) {
                    edits.add(edited);
                }
            }
        }
        return edits.isEmpty() ? null : edits.get(random.nextInt(edits.size()));
    }

    static boolean isContentWord(String lowerToken) {
        return Character.isLetter(lowerToken.charAt(0)) && !FUNCTION_WORDS.contains(lowerToken);
    }

    /** The tokens of a text, lower-cased (the slot key ignores capitalization). */
    static List<String> lowerTokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group().toLowerCase(Locale.ROOT));
        }
        return tokens;
    }

    static String slot(List<String> tokens, int i) {
        return (i == 0 ? START : tokens.get(i - 1)) + '\u0000' + (i + 1 == tokens.size() ? END : tokens.get(i + 1));
    }

    /** {@code word} written as {@code like} is: all capitals, a capital first, or as given (lower case). */
    private static String sameCase(String like, String word) {
        if (like.length() > 1 && like.equals(like.toUpperCase(Locale.ROOT))) {
            return word.toUpperCase(Locale.ROOT);
        }
        if (Character.isUpperCase(like.charAt(0))) {
            return Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
        return word;
    }
}
