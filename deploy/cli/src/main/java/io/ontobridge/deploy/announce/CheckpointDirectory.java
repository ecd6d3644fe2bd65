package io.ontobridge.deploy.announce;

import io.ontobridge.models.encoder.ModelFiles;
import io.ontobridge.models.zoo.ModelMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder where training infrastructure drops checkpoints, one entry per version: a shapes-zoo model folder
 * ({@code model.json} and its parameters) or a weights file; the entry's name is the version. An entry is ready
 * once it is complete: a zoo folder when its parameters have the sha256 its {@code model.json} records, a file
 * when its size and modification time have not changed since the previous scan (so a file still being copied
 * is not announced half-written).
 */
public final class CheckpointDirectory {
    /** A complete checkpoint: its version (the entry's name) and where it is. */
    public record Checkpoint(String version, Path location) {
    }

    private final Path dir;
    /** file -> size and modification time at the previous scan. */
    private final Map<Path, String> lastSeen = new HashMap<>();

    public CheckpointDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--watch: no folder at " + dir.toAbsolutePath());
        }
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The complete checkpoints in the folder now, by name; hidden entries and temp files are skipped. */
    public List<Checkpoint> scan() {
        List<Checkpoint> ready = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".tmp") || name.endsWith(".part")) {
                    continue;
                }
                if (Files.isDirectory(entry) ? zooFolderComplete(entry) : fileSettled(entry)) {
                    ready.add(new Checkpoint(version(name, Files.isDirectory(entry)), entry));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return ready;
    }

    /** A file's version is its name without the extension ({@code step-2000.onnx} is version {@code step-2000}). */
    static String version(String name, boolean folder) {
        int dot = name.lastIndexOf('.');
        return folder || dot <= 0 ? name : name.substring(0, dot);
    }

    private static boolean zooFolderComplete(Path folder) {
        if (!Files.isRegularFile(folder.resolve(ModelMetadata.FILE))) {
            return false;
        }
        try {
            ModelMetadata metadata = ModelMetadata.read(folder);
            Path params = folder.resolve(metadata.paramsFile() == null ? ModelMetadata.PARAMS : metadata.paramsFile());
            return Files.isRegularFile(params) && ModelFiles.sha256(params).equalsIgnoreCase(metadata.paramsSha256());
        } catch (IOException | RuntimeException e) {
            return false; // still being written
        }
    }

    private boolean fileSettled(Path file) {
        try {
            String now = Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
            String before = lastSeen.put(file, now);
            return now.equals(before);
        } catch (IOException e) {
            return false;
        }
    }
}
