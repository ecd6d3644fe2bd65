package io.ontobridge.producers.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusSentencesTest {
    @TempDir
    Path dir;

    @Test
    void readsTextAndJsonlAndCycles() throws IOException {
        Path txt = Files.writeString(dir.resolve("a.txt"), "first line\n\n second line \n");
        Path jsonl = Files.writeString(dir.resolve("b.jsonl"), "{\"body\": \"from json\"}\n");
        var corpus = new CorpusSentences(List.of(txt, jsonl), "body");
        assertEquals(3, corpus.size());
        assertEquals(List.of("first line", "second line", "from json", "first line"),
                List.of(corpus.get(), corpus.get(), corpus.get(), corpus.get()));
    }

    @Test
    void aBadJsonLineNamesFileAndLine() throws IOException {
        Path jsonl = Files.writeString(dir.resolve("b.jsonl"), "{\"text\": \"ok\"}\n{\"other\": 1}\n");
        var error = assertThrows(IllegalArgumentException.class, () -> new CorpusSentences(List.of(jsonl), "text"));
        assertTrue(error.getMessage().contains("b.jsonl line 2"), error.getMessage());
    }
}
