package io.ontobridge.deploy.announce;

import io.ontobridge.models.encoder.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CheckpointDirectoryTest {
    @TempDir
    Path dir;

    private static Path zooFolder(Path folder, String params, String recordedSha) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("model.params"), params);
        Files.writeString(folder.resolve("model.json"), "{\"format\": 1, \"architecture\": \"cnn\", \"params_file\":"
                + " \"model.params\", \"params_sha256\": \"" + recordedSha + "\"}");
        return folder;
    }

    private List<String> versions(CheckpointDirectory watched) {
        return watched.scan().stream().map(CheckpointDirectory.Checkpoint::version).toList();
    }

    @Test
    void aZooFolderIsReadyOnceItsParametersMatchItsMetadata() throws IOException {
        Path done = zooFolder(dir.resolve("v2"), "weights", "x");
        Files.writeString(done.resolve("model.json"), Files.readString(done.resolve("model.json"))
                .replace("\"x\"", "\"" + ModelFiles.sha256(done.resolve("model.params")) + "\""));
        zooFolder(dir.resolve("v3"), "half-writ", "0".repeat(64));            // parameters still being written
        Files.createDirectories(dir.resolve("v4"));                            // no model.json yet
        assertEquals(List.of("v2"), versions(new CheckpointDirectory(dir)));
    }

    @Test
    void aFileIsReadyWhenItHasNotChangedSinceTheLastScan() throws IOException {
        CheckpointDirectory watched = new CheckpointDirectory(dir);
        Path file = Files.writeString(dir.resolve("step-2000.onnx"), "first bytes");
        Files.writeString(dir.resolve(".hidden"), "x");
        Files.writeString(dir.resolve("copying.part"), "x");
        assertEquals(List.of(), versions(watched), "seen once: it may still grow");
        assertEquals(List.of("step-2000"), versions(watched), "unchanged since: complete");
        Files.writeString(file, "first bytes and more", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of(), versions(watched), "it grew: wait again");
    }

    @Test
    void aMissingFolderIsAClearError() {
        var error = assertThrows(IllegalArgumentException.class, () -> new CheckpointDirectory(dir.resolve("nope")));
        assertEquals("--watch: no folder at " + dir.resolve("nope").toAbsolutePath(), error.getMessage());
    }
}
