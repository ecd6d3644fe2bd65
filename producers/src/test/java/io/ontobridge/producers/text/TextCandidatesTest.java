package io.ontobridge.producers.text;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ConceptSpecs;
import io.ontobridge.producers.candidate.Candidate;
import io.ontobridge.schema.RequestExample;
import io.ontobridge.schema.SampleInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text candidate source on the real MiniLM encoder, for a concept of the user's own (not sentiment). */
class TextCandidatesTest {
    private static final Path CACHE = Path.of("target", "encoder-cache");
    private static final List<String> CORPUS = List.of("Kindly find the report attached.", "Please find the invoice attached.",
            "We regret to inform you of the delay.", "We regret to inform you of the change.",
            "Kindly find the minutes enclosed.", "Please advise at your earliest convenience.");

    @TempDir
    Path dir;

    private ConceptSpec spec(String mode, String corpusText) throws IOException {
        Files.writeString(dir.resolve("corpus.txt"), corpusText);
        String yaml = Files.readString(Path.of("..", "concepts", "sentiment.yaml"))
                .replace("concept: sentiment", "concept: formality")
                .replace("mode: templates", "mode: " + mode + "\n  corpus: [corpus.txt]");
        return ConceptSpecs.load(Files.writeString(dir.resolve("formality.yaml"), yaml));
    }

    @Test
    void mixedDrawsTheSpecsCorpusAndExamplesNeverTheSentimentTemplates() throws IOException {
        ConceptSpec spec = spec("mixed", String.join("\n", CORPUS) + "\n\n   \n" + "word ".repeat(1000) + "\n");
        try (var source = new TextCandidates(spec, CACHE)) {
            Set<String> own = new HashSet<>(CORPUS);
            own.addAll(spec.feature().exampleSentences());
            for (int i = 0; i < 3; i++) {
                for (Candidate candidate : source.nextBatch()) {
                    assertTrue(candidate.ok(), candidate.rejection());
                    assertTrue(Set.of("corpus", "examples").contains(candidate.mode()), candidate.mode());
                    assertTrue(own.contains(candidate.input().getText()), "not the spec's own: " + candidate.input().getText());
                }
            }
            assertEquals(Map.of("blank", 2L, "too_long", 1L), source.skippedInputs());
        }
    }

    @Test
    void aCorpusOfOnlyOverLongLinesStopsAtStartWithOneLine() throws IOException {
        String fiveThousandCharacters = "lorem ipsum ".repeat(417).strip();
        ConceptSpec spec = spec("corpus", (fiveThousandCharacters + "\n").repeat(3) + "\n");
        var error = assertThrows(IllegalArgumentException.class, () -> new TextCandidates(spec, CACHE));
        assertTrue(error.getMessage().endsWith("has no usable line: 1 blank, 3 longer than 128 tokens (the source's max_tokens)"),
                error.getMessage());
    }

    @Test
    void editsNearARequestAreNewTextsEachOnce() throws IOException {
        ConceptSpec spec = spec("corpus", String.join("\n", CORPUS) + "\n");
        try (var source = new TextCandidates(spec, CACHE)) {
            RequestExample example = RequestExample.newBuilder().setSampleId("r-1")
                    .setInput(SampleInput.newBuilder().setText(CORPUS.get(0)).build()).build();
            Set<String> seen = new HashSet<>();
            for (int round = 0; round < 5; round++) {
                for (Candidate candidate : source.nearBatch(List.of(example), 4)) {
                    String text = candidate.input().getText();
                    assertFalse(text.equals(CORPUS.get(0)), "the original itself");
                    assertTrue(seen.add(text), "emitted twice for one request: " + text);
                }
            }
            assertEquals(Set.of("Please find the report attached.", "Kindly find the invoice attached."), seen,
                    "only words the corpus uses in the same slot ('minutes' only before 'enclosed')");
        }
    }
}
