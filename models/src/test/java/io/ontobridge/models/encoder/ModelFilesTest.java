package io.ontobridge.models.encoder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFilesTest {

    @TempDir Path dir;

    @Test
    void extractsAClasspathResourceOnceAndReusesIt() throws Exception {
        String uri = "classpath:all-minilm-l6-v2-tokenizer.json";
        Path first = ModelFiles.resolve(uri, dir);
        assertTrue(first.startsWith(dir.resolve("classpath")), first.toString());
        assertTrue(Files.size(first) > 100_000);
        var written = Files.getLastModifiedTime(first);
        Thread.sleep(20);
        Path second = ModelFiles.resolve(uri, dir);
        assertEquals(first, second);
        assertEquals(written, Files.getLastModifiedTime(second));
        try (var files = Files.list(first.getParent())) {
            assertEquals(1, files.count(), "no temp files are left behind");
        }
    }

    @Test
    void filesystemPathsAreUsedInPlace() throws Exception {
        Path file = Files.writeString(dir.resolve("model.onnx"), "abc", StandardCharsets.UTF_8);
        assertEquals(file, ModelFiles.resolve(file.toString(), dir.resolve("cache")));
        assertEquals(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ModelFiles.sha256(file));
    }

    @Test
    void missingFilesFailClearly() {
        assertThrows(NoSuchFileException.class, () -> ModelFiles.resolve(dir + "/none.onnx", dir));
        FileNotFoundException e =
                assertThrows(FileNotFoundException.class, () -> ModelFiles.resolve("classpath:none.onnx", dir));
        assertTrue(e.getMessage().contains("none.onnx"));
    }

    @Test
    void aBadClasspathNameIsSaidOnceThroughEveryWrapper() {
        var error = assertThrows(java.io.UncheckedIOException.class, () -> TextEncoder.open(new EncoderSpec("m", "1",
                "classpath:no-such-model.onnx", "classpath:all-minilm-l6-v2-tokenizer.json", "last_hidden_state", 32,
                false, null), dir));
        // The way a service failure reaches the command line: wrapped by the service runner and the demo.
        var shown = new IllegalStateException("demo failed: " + error.getMessage(),
                new IllegalStateException("generator failed", error));
        String text = io.ontobridge.platform.kafka.DeadLetters.describe(shown);
        String cause = "no resource no-such-model.onnx on the classpath";
        assertEquals(text.indexOf(cause), text.lastIndexOf(cause), text);
        assertTrue(text.startsWith("demo failed: model m: " + cause), text);
        assertTrue(text.lines().count() == 1, text);
    }
}
