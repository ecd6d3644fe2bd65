package io.ontobridge.platform.concept;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PoolingTest {
    /** Two texts in one padded batch of width 3, two values per token; the second text has 2 tokens. */
    private static final float[] STATES = {1, 10, 2, 20, 3, 30, /* row 2 */ 4, 40, 5, 50, 99, 99};

    @Test
    void readsTheNamedTokensOfEachRowAndNeverThePadding() {
        assertArrayEquals(new float[] {2, 20}, Pooling.MEAN.pool(STATES, 0, 3, 2));
        assertArrayEquals(new float[] {4.5f, 45}, Pooling.MEAN.pool(STATES, 6, 2, 2));
        assertArrayEquals(new float[] {3, 30}, Pooling.LAST.pool(STATES, 0, 3, 2));
        assertArrayEquals(new float[] {5, 50}, Pooling.LAST.pool(STATES, 6, 2, 2));
        assertArrayEquals(new float[] {4, 40}, Pooling.CLS.pool(STATES, 6, 2, 2));
        assertArrayEquals(new float[] {2, 20}, Pooling.parse("position:1").pool(STATES, 0, 3, 2));
        assertArrayEquals(new float[] {2, 20}, Pooling.parse("position:-2").pool(STATES, 0, 3, 2));
        assertArrayEquals(new float[] {4, 40}, Pooling.parse("position:-2").pool(STATES, 6, 2, 2));
    }

    @Test
    void aTextTooShortForThePositionIsRefused() {
        Pooling third = Pooling.parse("position:2");
        assertEquals(-1, third.tokenIndex(2));
        assertEquals(3, third.minTokens());
        var error = assertThrows(IllegalArgumentException.class, () -> third.pool(STATES, 6, 2, 2));
        assertEquals("text has 2 tokens, fewer than pooling position:2 reads (3)", error.getMessage());
        assertEquals(-1, Pooling.parse("position:-3").tokenIndex(2));
        assertEquals(3, Pooling.parse("position:-3").minTokens());
    }

    @Test
    void parsesWhatASpecWritesAndWritesItBack() {
        for (String text : new String[] {"mean", "last", "cls", "position:0", "position:-1", "position:7"}) {
            assertEquals(text, Pooling.parse(text).toString());
        }
        assertEquals(Pooling.LAST, Pooling.parse(" Last "));
        for (String bad : new String[] {"max", "position:", "position:x", "position:1.5", ""}) {
            var error = assertThrows(IllegalArgumentException.class, () -> Pooling.parse(bad));
            assertEquals("'" + bad + "' is not " + Pooling.CHOICES, error.getMessage());
        }
    }
}
