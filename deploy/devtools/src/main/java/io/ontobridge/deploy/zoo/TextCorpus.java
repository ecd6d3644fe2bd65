package io.ontobridge.deploy.zoo;

import java.util.List;

/**
 * Where a language model's texts come from: a text world, seeded. {@link LmTrainer} takes its training and
 * held-out texts from it and builds the model's vocabulary from {@link #words()}, so the model does not depend
 * on any particular world.
 */
public interface TextCorpus {
    /** A short name, recorded in {@code model.json} (say, which world and config file). */
    String name();

    /** The world's config as it should be recorded in {@code model.json} (any Jackson-serializable value; null: none). */
    Object config();

    /** Every word the texts can hold (the model's vocabulary, with the special tokens added). */
    List<String> words();

    /** {@code n} texts, lower-case words and punctuation separated by single spaces; the same for the same seed. */
    List<String> texts(int n, long seed);
}
