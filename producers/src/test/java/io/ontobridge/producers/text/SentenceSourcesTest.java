package io.ontobridge.producers.text;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentenceSourcesTest {
    private static final List<String> CORPUS = List.of("Kindly find the report attached.", "Please advise at your convenience.",
            "We regret to inform you of the delay.");
    private static final List<String> EXAMPLES = List.of("I would be grateful for your reply.", "gimme that now lol");

    private static Map<String, Long> modes(SentenceSources sources, int n) {
        return IntStream.range(0, n).mapToObj(i -> sources.next().mode())
                .collect(Collectors.groupingBy(m -> m, Collectors.counting()));
    }

    @Test
    void theSpecsOwnSourcesNeverDrawTheTemplates() {
        var sources = new SentenceSources(CORPUS, EXAMPLES, false, 7);
        assertEquals(Map.of("corpus", 300L, "examples", 200L), modes(sources, 500), "the pool at its shares, no templates");
        var drawn = IntStream.range(0, 50).mapToObj(i -> sources.next().text()).toList();
        assertTrue(drawn.stream().allMatch(t -> CORPUS.contains(t) || EXAMPLES.contains(t)), drawn.toString());
    }

    @Test
    void templatesAreMixedInOnlyWhenNamed() {
        assertEquals(Map.of("corpus", 50L, "templates", 50L), modes(new SentenceSources(CORPUS, List.of(), true, 7), 100));
    }

    @Test
    void templatesAloneAreTheBuiltInSequenceAsBefore() {
        var sources = new SentenceSources(List.of(), List.of(), true, 7);
        var templates = new TemplateSentences(7);
        for (int i = 0; i < 100; i++) {
            assertEquals(new SentenceSources.Drawn(templates.get(), "templates"), sources.next());
        }
    }

    @Test
    void aCorpusAloneCyclesInFileOrder() {
        var sources = new SentenceSources(CORPUS, List.of(), false, 7);
        assertEquals(List.of(CORPUS.get(0), CORPUS.get(1), CORPUS.get(2), CORPUS.get(0)),
                IntStream.range(0, 4).mapToObj(i -> sources.next().text()).toList());
    }
}
