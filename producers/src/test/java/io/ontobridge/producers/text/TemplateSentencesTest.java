package io.ontobridge.producers.text;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateSentencesTest {
    @Test
    void sameSeedSameSentencesOtherSeedOthers() {
        var a = new TemplateSentences(1);
        var b = new TemplateSentences(1);
        var c = new TemplateSentences(2);
        var fromA = IntStream.range(0, 50).mapToObj(i -> a.get()).toList();
        assertEquals(fromA, IntStream.range(0, 50).mapToObj(i -> b.get()).toList());
        assertTrue(!fromA.equals(IntStream.range(0, 50).mapToObj(i -> c.get()).toList()));
    }

    @Test
    void isDiverse() {
        var sentences = new TemplateSentences(3);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            String s = sentences.get();
            assertTrue(!s.isBlank() && Character.isUpperCase(s.charAt(0)), s);
            seen.add(s);
        }
        assertTrue(seen.size() > 4500, "distinct sentences in 5000: " + seen.size());
    }
}
