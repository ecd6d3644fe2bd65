package io.ontobridge.platform.kafka;

import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link DeadLetters#describe}: what a user reads of an exception chain, one cause once, on one line. */
class DeadLettersTest {
    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void aCauseThatEachWrapperRepeatsIsSaidOnce() {
        // The shape the empty-corpus error had: each layer appended the message of the one below.
        String cause = "generator.corpus: the files [empty.txt] hold no text";
        var inner = new IllegalArgumentException(cause);
        var service = new IllegalStateException("generator failed: " + inner.getMessage(), inner);
        var demo = new IllegalStateException("demo: " + service.getMessage(), service);
        String text = DeadLetters.describe(demo);
        assertEquals("demo: generator failed: " + cause, text);
        assertEquals(1, occurrences(text, cause), text);
    }

    @Test
    void aWrapperAddingContextKeepsBoth() {
        var error = new IllegalStateException("generator failed", new IllegalArgumentException("no text"));
        assertEquals("generator failed: no text", DeadLetters.describe(error));
    }

    @Test
    void aWrapperThatOnlyRepeatsItsCauseGivesWayToIt() {
        var error = new RuntimeException(new IllegalArgumentException("bad value"));
        assertEquals("bad value", DeadLetters.describe(error));
        assertEquals("BufferUnderflowException",
                DeadLetters.describe(new RuntimeException(new java.nio.BufferUnderflowException())));
    }

    @Test
    void aMissingFileSaysSoWithThePathOnce() {
        var wrapped = new UncheckedIOException("feature.file: cannot read /tmp/v.txt", new NoSuchFileException("/tmp/v.txt"));
        assertEquals("feature.file: cannot read /tmp/v.txt: no such file", DeadLetters.describe(wrapped));
        assertEquals("no such file: /tmp/v.txt (model file not found)",
                DeadLetters.describe(new NoSuchFileException("/tmp/v.txt", null, "model file not found")));
        var stream = new UncheckedIOException("model m", new FileNotFoundException("/tmp/m.onnx (No such file or directory)"));
        assertEquals("model m: no such file: /tmp/m.onnx", DeadLetters.describe(stream));
        var repeated = new IllegalArgumentException("cannot read /tmp/m.json: /tmp/m.json (No such file or directory)",
                new FileNotFoundException("/tmp/m.json (No such file or directory)"));
        assertEquals("cannot read /tmp/m.json: /tmp/m.json (No such file or directory)", DeadLetters.describe(repeated));
    }

    @Test
    void aMessageOfSeveralLinesBecomesOne() {
        var error = new IllegalArgumentException("line one\n  line two\r\nline three");
        assertEquals("line one line two line three", DeadLetters.describe(error));
    }
}
