package io.ontobridge.models.lm;

/**
 * A sampled continuation of a prompt.
 *
 * @param prompt    the prompt as given ("" to start from {@code <bos>} alone)
 * @param generated the new words, joined by single spaces ({@code <eos>} not included)
 * @param text      the prompt and the new words, joined by a single space
 * @param ended     whether the model closed it with {@code <eos>} (false: it ran into the token limit or the context)
 */
public record Continuation(String prompt, String generated, String text, boolean ended) {
}
