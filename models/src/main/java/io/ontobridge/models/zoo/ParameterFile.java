package io.ontobridge.models.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A zoo model's parameter file read and checked before any of it is loaded: its sha256 must be the one
 * {@code model.json} records and, where a spec pins one, the pinned one. Shared by the image models and the
 * language models, whose folders follow the same layout.
 *
 * @param bytes  the file's contents
 * @param sha256 their sha256 (hex)
 */
public record ParameterFile(byte[] bytes, String sha256) {
    /**
     * Reads {@code dir/file} and checks it.
     *
     * @param recorded the sha256 {@code model.json} records
     * @param pinned   a spec's pin, or null / blank for none
     * @throws IllegalArgumentException naming the folder, the file and both digests on any mismatch
     */
    public static ParameterFile read(Path dir, String file, String recorded, String pinned) {
        Path paramsFile = dir.resolve(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(paramsFile);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("zoo model " + dir + ": parameter file " + paramsFile + " is missing");
        } catch (IOException e) {
            throw new IllegalArgumentException("zoo model " + dir + ": cannot read " + paramsFile + ": " + e.getMessage(), e);
        }
        String actual = Stats.sha256(bytes);
        if (!actual.equalsIgnoreCase(recorded)) {
            throw new IllegalArgumentException("zoo model " + dir + ": sha256 mismatch: " + paramsFile + " has " + actual
                    + " but model.json records " + recorded + " (file changed or corrupt)");
        }
        if (pinned != null && !pinned.isBlank() && !actual.equalsIgnoreCase(pinned.trim())) {
            throw new IllegalArgumentException("zoo model " + dir + ": sha256 mismatch: expected (pinned) "
                    + pinned.trim() + " but " + paramsFile + " has " + actual);
        }
        return new ParameterFile(bytes, actual);
    }

    /** Writes {@code params} as {@code dir/model.params} (creating the folder) and returns their sha256. */
    public static String write(Path dir, byte[] params) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(ModelMetadata.PARAMS), params);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + dir, e);
        }
        return Stats.sha256(params);
    }
}
