package io.ontobridge.producers.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The sentences of the sources a spec's {@code generator.mode} names, drawn in turn. The corpus lines and
 * the feature's example sentences form one pool, cycled (shuffled once when both are in it, so each
 * appears at its share); the built-in sentiment templates, only where the mode names them, give every
 * other sentence when the pool is there too. Deterministic for a seed.
 */
public final class SentenceSources {
    /** A sentence and the source (generator mode) it came from. */
    public record Drawn(String text, String mode) {
    }

    /** How many template sentences the vocabulary of one-word edits learns from. */
    private static final int TEMPLATE_VOCABULARY = 5000;

    private final List<Drawn> pool;
    private final TemplateSentences templates;
    private final long seed;
    private int next;
    private long drawn;

    /**
     * @param corpus    the corpus's usable lines (empty unless the mode names the corpus)
     * @param examples  the feature's example sentences (empty unless the mode names them)
     * @param templates whether the mode names the built-in templates
     */
    public SentenceSources(List<String> corpus, List<String> examples, boolean templates, long seed) {
        List<Drawn> all = new ArrayList<>(corpus.size() + examples.size());
        corpus.forEach(text -> all.add(new Drawn(text, "corpus")));
        examples.forEach(text -> all.add(new Drawn(text, "examples")));
        if (!corpus.isEmpty() && !examples.isEmpty()) {
            Collections.shuffle(all, new Random(seed));
        }
        if (all.isEmpty() && !templates) {
            throw new IllegalArgumentException("generator.mode: no source of sentences");
        }
        this.pool = List.copyOf(all);
        this.templates = templates ? new TemplateSentences(seed) : null;
        this.seed = seed;
    }

    public Drawn next() {
        if (templates != null && (pool.isEmpty() || drawn++ % 2 == 0)) {
            return new Drawn(templates.get(), "templates");
        }
        Drawn text = pool.get(next);
        next = (next + 1) % pool.size();
        return text;
    }

    /** The texts these sources speak in, for {@link WordSubstitutions}: the pool and, if named, template sentences. */
    public List<String> vocabulary() {
        List<String> texts = new ArrayList<>(pool.stream().map(Drawn::text).toList());
        if (templates != null) {
            // A generator of its own, so learning the vocabulary does not move the drawn sequence.
            TemplateSentences sample = new TemplateSentences(seed + 1);
            for (int i = 0; i < TEMPLATE_VOCABULARY; i++) {
                texts.add(sample.get());
            }
        }
        return texts;
    }
}
