package io.ontobridge.producers.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ontobridge.platform.kafka.ErrorType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Inputs from users' files: {@code .jsonl} (the text in one field of each JSON object) or any other
 * file as one input per line, read once. Each line is vetted up front by the source model's
 * tokenizer: blank lines and lines over its token limit are left out and counted, never drawn (they
 * would only be turned down again on every cycle), and a corpus with no usable line is an error at
 * start that says why. A JSON line that cannot be read is an error naming the file and line.
 */
public final class CorpusSentences {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> texts;
    private final long blank;
    private final long tooLong;

    /**
     * @param vet       why the source model would turn a text down (empty, too long), or null when it takes it
     * @param maxTokens the source model's token limit, for the message when nothing is usable
     */
    public CorpusSentences(List<Path> files, String jsonField, Function<String, ErrorType> vet, int maxTokens) {
        List<String> usable = new ArrayList<>();
        long blankLines = 0;
        long longLines = 0;
        for (Path file : files) {
            for (String text : read(file, jsonField)) {
                ErrorType why = vet.apply(text);
                if (why == null) {
                    usable.add(text);
                } else if (why == ErrorType.INPUT_TOO_LONG) {
                    longLines++;
                } else {
                    blankLines++;
                }
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("generator.corpus: corpus " + files + " has no usable line: " + blankLines
                    + " blank, " + longLines + " longer than " + maxTokens + " tokens (the source's max_tokens)");
        }
        this.texts = List.copyOf(usable);
        this.blank = blankLines;
        this.tooLong = longLines;
    }

    /** The usable texts, in file order. */
    public List<String> texts() {
        return texts;
    }

    /** Lines left out as blank (or holding nothing the tokenizer keeps). */
    public long blank() {
        return blank;
    }

    /** Lines left out as longer than the source model's token limit. */
    public long tooLong() {
        return tooLong;
    }

    /** Every line of the files as text, blank ones included (as empty strings), for vetting. */
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
                if (!jsonl || line.isBlank()) {
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
