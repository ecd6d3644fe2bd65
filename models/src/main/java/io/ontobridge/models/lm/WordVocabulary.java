package io.ontobridge.models.lm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A word-level vocabulary: the four special tokens, then the world's words in sorted order (so the ids do
 * not depend on the order a world lists its words in). Saved in {@code model.json} with the model.
 *
 * <p>Text is split on whitespace, as the text worlds write it (lower-case words and punctuation separated
 * by single spaces); no other normalization. A word outside the vocabulary encodes as {@code <unk>}.
 */
public final class WordVocabulary {
    public static final String PAD = "<pad>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final String UNK = "<unk>";
    public static final int PAD_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    public static final int UNK_ID = 3;
    private static final List<String> SPECIALS = List.of(PAD, BOS, EOS, UNK);

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    private WordVocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < this.tokens.size(); i++) {
            if (ids.put(this.tokens.get(i), i) != null) {
                throw new IllegalArgumentException("token '" + this.tokens.get(i) + "' appears twice in the vocabulary");
            }
        }
    }

    /** The special tokens and {@code words} (deduplicated, sorted). */
    public static WordVocabulary of(Collection<String> words) {
        List<String> all = new ArrayList<>(SPECIALS);
        for (String w : new TreeSet<>(words)) {
            if (w.isEmpty() || w.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a vocabulary word must be non-empty and hold no whitespace: '" + w + "'");
            }
            if (SPECIALS.contains(w)) {
                throw new IllegalArgumentException("'" + w + "' is a special token, not a word");
            }
            all.add(w);
        }
        return new WordVocabulary(all);
    }

    /** A vocabulary as {@link #tokens()} lists it (as saved): the special tokens first, in their order. */
    public static WordVocabulary fromTokens(List<String> tokens) {
        if (tokens.size() < SPECIALS.size() || !tokens.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new IllegalArgumentException("a saved vocabulary starts with " + SPECIALS + "; got "
                    + tokens.subList(0, Math.min(tokens.size(), SPECIALS.size())));
        }
        return new WordVocabulary(tokens);
    }

    /** Every token by id, the special tokens first. */
    public List<String> tokens() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    /** The id of a token, {@link #UNK_ID} for one outside the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, UNK_ID);
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public static boolean isSpecial(int id) {
        return id < SPECIALS.size();
    }

    /** The text's words as ids, without special tokens. */
    public int[] encode(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] words = trimmed.split("\\s+");
        int[] out = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = id(words[i]);
        }
        return out;
    }

    /** The sequence a model reads and was trained on: {@code <bos>}, the text's words, {@code <eos>}. */
    public int[] encodeSequence(String text) {
        int[] words = encode(text);
        int[] out = new int[words.length + 2];
        out[0] = BOS_ID;
        System.arraycopy(words, 0, out, 1, words.length);
        out[out.length - 1] = EOS_ID;
        return out;
    }

    /** The words of {@code ids} joined by single spaces; {@code <pad>}, {@code <bos>} and {@code <eos>} are left out. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id == PAD_ID || id == BOS_ID || id == EOS_ID) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(token(id));
        }
        return sb.toString();
    }
}
