package io.ontobridge.producers.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Inputs from users' files: {@code .jsonl} (the text in one field of each JSON object) or any other
 * file as one input per line. Blank lines are skipped. The files are read once and then cycled, so
 * the stream is unbounded. A JSON line that cannot be read is an error naming the file and line.
 */
public final class CorpusSentences implements Supplier<String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> texts;
    private int next;

    public CorpusSentences(List<Path> files, String jsonField) {
        List<String> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(read(file, jsonField));
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("generator.corpus: the files " + files + " hold no text");
        }
        this.texts = List.copyOf(all);
    }

    public int size() {
        return texts.size();
    }

    @Override
    public String get() {
        String text = texts.get(next);
        next = (next + 1) % texts.size();
        return text;
    }

    private static List<String> read(Path file, String jsonField) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("generator.corpus: no such file " + file);
        }
        boolean jsonl = file.getFileName().toString().endsWith(".jsonl");
        List<String> texts = new ArrayList<>();
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(file)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (!jsonl) {
                    texts.add(line.strip());
                    continue;
                }
                try {
                    JsonNode text = JSON.readTree(line).get(jsonField);
                    if (text == null || !text.isTextual()) {
                        throw new IllegalArgumentException("no text field '" + jsonField + "'");
                    }
                    texts.add(text.asText());
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("generator.corpus: " + file + " line " + lineNo + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus file " + file, e);
        }
        return texts;
    }
}
