package io.ontobridge.platform.kafka;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeadLettersTest {
    @Test
    void describesTheCausesInOrder() {
        var error = new IllegalStateException("publishing failed", new RuntimeException("broker unreachable"));
        assertEquals("publishing failed: broker unreachable", DeadLetters.describe(error));
    }

    @Test
    void aWrapperRepeatingItsCauseSaysItOnce() {
        var cause = new IllegalStateException("another generator took over");
        var error = new IllegalStateException("generator failed: " + cause.getMessage(), cause);
        assertEquals("generator failed: another generator took over", DeadLetters.describe(error));
    }
}
