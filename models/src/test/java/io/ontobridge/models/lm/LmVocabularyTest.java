package io.ontobridge.models.lm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LmVocabularyTest {
    private final WordVocabulary vocab = WordVocabulary.of(List.of("the", "knight", "dragon", ".", "the"));

    @Test
    void specialTokensComeFirstThenTheSortedWords() {
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>", ".", "dragon", "knight", "the"), vocab.tokens());
        assertEquals(WordVocabulary.of(List.of(".", "knight", "the", "dragon")).tokens(), vocab.tokens());
        assertEquals(vocab.tokens(), WordVocabulary.fromTokens(vocab.tokens()).tokens());
    }

    @Test
    void encodesWordsAndSequencesAndDecodesBack() {
        assertArrayEquals(new int[] {7, 6, 7, 5, 4}, vocab.encode("the knight  the dragon ."));
        assertArrayEquals(new int[] {1, 7, 5, 2}, vocab.encodeSequence("the dragon"));
        assertArrayEquals(new int[] {1, 2}, vocab.encodeSequence("   "));
        assertArrayEquals(new int[] {7, 3}, vocab.encode("the wizard"));
        assertEquals("the dragon .", vocab.decode(new int[] {1, 7, 5, 4, 2, 0, 0}));
        assertEquals("the <unk>", vocab.decode(vocab.encode("the wizard")));
    }

    @Test
    void refusesBadWordsAndBadSavedVocabularies() {
        assertThrows(IllegalArgumentException.class, () -> WordVocabulary.of(List.of("two words")));
        assertThrows(IllegalArgumentException.class, () -> WordVocabulary.of(List.of("<eos>")));
        assertThrows(IllegalArgumentException.class, () -> WordVocabulary.fromTokens(List.of("the", "<pad>")));
        assertThrows(IllegalArgumentException.class,
                () -> WordVocabulary.fromTokens(List.of("<pad>", "<bos>", "<eos>", "<unk>", "a", "a")));
    }
}
