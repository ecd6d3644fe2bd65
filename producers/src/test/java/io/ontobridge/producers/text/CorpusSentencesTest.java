package io.ontobridge.producers.text;

import io.ontobridge.platform.kafka.ErrorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusSentencesTest {
    /** A stand-in for the tokenizer's vetting: blank is empty, over 40 characters is too long. */
    private static final Function<String, ErrorType> VET = text -> text.isBlank() ? ErrorType.EMPTY_INPUT
            : text.length() > 40 ? ErrorType.INPUT_TOO_LONG : null;

    @TempDir
    Path dir;

    @Test
    void readsTextAndJsonl() throws IOException {
        Path txt = Files.writeString(dir.resolve("a.txt"), "first line\n\n second line \n");
        Path jsonl = Files.writeString(dir.resolve("b.jsonl"), "{\"body\": \"from json\"}\n");
        var corpus = new CorpusSentences(List.of(txt, jsonl), "body", VET, 128);
        assertEquals(List.of("first line", "second line", "from json"), corpus.texts());
    }

    @Test
    void blankAndOverLongLinesAreCountedNotDrawn() throws IOException {
        String tooLong = "x".repeat(5000);
        Path txt = Files.writeString(dir.resolve("a.txt"), "kept\n\n   \n" + tooLong + "\nalso kept\n");
        Path jsonl = Files.writeString(dir.resolve("b.jsonl"), "{\"text\": \"\"}\n\n{\"text\": \"" + tooLong + "\"}\n");
        var corpus = new CorpusSentences(List.of(txt, jsonl), "text", VET, 128);
        assertEquals(List.of("kept", "also kept"), corpus.texts());
        assertEquals(4, corpus.blank());
        assertEquals(2, corpus.tooLong());
    }

    @Test
    void aCorpusWithNoUsableLineIsAOneLineErrorSayingWhy() throws IOException {
        Path txt = Files.writeString(dir.resolve("long.txt"), "\n\n" + ("y".repeat(5000) + "\n").repeat(3));
        var error = assertThrows(IllegalArgumentException.class, () -> new CorpusSentences(List.of(txt), "text", VET, 128));
        assertTrue(error.getMessage().contains("has no usable line: 2 blank, 3 longer than 128 tokens"), error.getMessage());
        assertTrue(error.getMessage().contains("long.txt") && !error.getMessage().contains("\n"), error.getMessage());
    }

    @Test
    void aBadJsonLineNamesFileAndLine() throws IOException {
        Path jsonl = Files.writeString(dir.resolve("b.jsonl"), "{\"text\": \"ok\"}\n{\"other\": 1}\n");
        var error = assertThrows(IllegalArgumentException.class, () -> new CorpusSentences(List.of(jsonl), "text", VET, 128));
        assertTrue(error.getMessage().contains("b.jsonl line 2"), error.getMessage());
    }
}
