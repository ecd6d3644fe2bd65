package io.ontobridge.producers.story;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ConceptSpecs;
import io.ontobridge.producers.CandidateSources;
import io.ontobridge.producers.candidate.Candidate;
import io.ontobridge.producers.candidate.CandidateSource;
import io.ontobridge.schema.RequestExample;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.worlds.story.Plot;
import io.ontobridge.worlds.story.Story;
import io.ontobridge.worlds.story.StoryConfig;
import io.ontobridge.worlds.story.StoryWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The story candidate source on the shipped spec (concepts/story.yaml) and zoo/story-lm. */
@ExtendWith(OneTorchThread.class)
class StoryCandidatesTest {
    private static ConceptSpec spec;
    private static StoryCandidates candidates;
    private static List<Candidate> batches;

    @BeforeAll
    static void open() {
        spec = ConceptSpecs.load(SteeringTest.SPEC);
        CandidateSource source = CandidateSources.open(spec, Path.of("target", "model-cache"));
        candidates = assertInstanceOf(StoryCandidates.class, source);
        batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batches.addAll(candidates.nextBatch());
        }
    }

    @AfterAll
    static void close() {
        candidates.close();
    }

    @Test
    void modesAreWorldAndSteeredAndTheSourceIsNamed() {
        assertEquals(3 * spec.source().batchSize(), batches.size());
        assertEquals(Set.of(StoryCandidates.WORLD, StoryCandidates.STEERED),
                Set.copyOf(batches.stream().map(Candidate::mode).toList()));
        assertEquals("story-lm", candidates.sourceRef().getName());
        assertEquals("resid.3", candidates.sourceRef().getLayer());
        assertEquals(64, candidates.sourceRef().getSha256().length());
        assertEquals(spec.generator().steering().layer(), candidates.steering().layer());
        double norm = 0;
        for (float v : candidates.steering().vector()) {
            norm += v * v;
        }
        assertEquals(1.0, norm, 1e-4, "the steering vector has length 1: strengths are lengths");
    }

    @Test
    void worldSamplesAreTheWorldsStoriesWithTheirTrueFactorsAndAFeatureValue() {
        StoryWorld world = new StoryWorld(StoryConfig.load(spec.resolve(spec.generator().world())), spec.generator().seed());
        List<Candidate> told = batches.stream().filter(c -> c.mode().equals(StoryCandidates.WORLD)).toList();
        assertFalse(told.isEmpty());
        for (Candidate c : told) {
            Story story = world.next();
            assertTrue(c.ok());
            assertEquals(story.text(), c.input().getText());
            assertEquals(story.factors(), c.factors());
            assertTrue(Double.isFinite(c.featureValue()));
            assertEquals(Map.of(), c.sourceConcepts());
        }
        // The feature tells the classes apart on the world's own stories (a Fisher direction: well above chance).
        double wins = told.stream().filter(c -> c.factors().get("hero_wins") == 1).mapToDouble(Candidate::featureValue).average().orElseThrow();
        double losses = told.stream().filter(c -> c.factors().get("hero_wins") == 0).mapToDouble(Candidate::featureValue).average().orElseThrow();
        assertTrue(wins > losses, "mean feature on won " + wins + " vs lost " + losses);
    }

    @Test
    void steeredSamplesCarryTheirStrengthAndWhatTheGrammarReadsInThem() {
        List<Candidate> steered = batches.stream().filter(c -> c.mode().equals(StoryCandidates.STEERED) && c.ok()).toList();
        assertTrue(steered.size() > 10, "steered: " + steered.size());
        double min = spec.generator().steering().minStrength();
        double max = spec.generator().steering().maxStrength();
        Set<Double> strengths = new java.util.HashSet<>();
        int stories = 0;
        for (Candidate c : steered) {
            Double strength = c.sourceConcepts().get(StoryCandidates.STRENGTH);
            assertNotNull(strength);
            assertTrue(strength >= min && strength <= max, "strength " + strength);
            strengths.add(strength);
            Story read = StoryWorld.read(c.input().getText());
            assertEquals(read == null ? Map.of() : read.factors(), c.factors());
            stories += read == null ? 0 : 1;
            assertTrue(Double.isFinite(c.featureValue()));
        }
        assertTrue(strengths.size() >= steered.size() / 4, "strengths drawn per chunk of 4: " + strengths.size());
        assertTrue(stories > steered.size() / 2, "stories among steered texts: " + stories + " of " + steered.size());
    }

    @Test
    void requestedSamplesContinueTheExamplesFirstSentences() {
        Story story = new StoryWorld(StoryConfig.load(spec.resolve(spec.generator().world())), 5).next();
        RequestExample example = example(story.text());
        List<Candidate> near = candidates.nearBatch(List.of(example), 12);
        assertEquals(12, near.size());
        for (Candidate c : near) {
            assertEquals(CandidateSource.REQUESTED, c.mode());
            assertTrue(c.ok(), c.rejection());
            String text = c.input().getText();
            assertTrue(text.startsWith(story.prefix(1) + " "), text);
            assertTrue(Story.tokens(text).size() > Story.tokens(story.prefix(1)).size());
            assertEquals(Map.of(), c.sourceConcepts(), "requested continuations are unsteered");
            Story read = StoryWorld.read(text);
            assertEquals(read == null ? Map.of() : read.factors(), c.factors());
        }
        assertTrue(near.stream().map(c -> c.input().getText()).distinct().count() > 1);
    }

    @Test
    void aBadExampleIsRejectedWithAReason() {
        List<Candidate> near = candidates.nearBatch(List.of(example("the moon is bright tonight ."), example(null),
                example("in the cave , the farmer"), example("in the cave , the farmer found two gems .")), 4);
        assertEquals(4, near.size());
        List<String> reasons = near.stream().filter(c -> !c.ok()).map(Candidate::rejection).toList();
        assertEquals(3, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).contains("outside the source's vocabulary: 'moon'"), reasons.get(0));
        assertTrue(reasons.get(1).contains("no text"), reasons.get(1));
        assertTrue(reasons.get(2).contains("no complete sentence"), reasons.get(2));
        assertTrue(near.get(3).ok(), "one sentence is continued: " + near.get(3).rejection());
        assertTrue(near.get(3).input().getText().startsWith("in the cave , the farmer found two gems . "));
        assertTrue(near.stream().filter(c -> !c.ok()).allMatch(c -> c.mode().equals(CandidateSource.REQUESTED)));
    }

    @Test
    void theSameSeedWritesTheSameSamples() {
        try (StoryCandidates again = new StoryCandidates(spec)) {
            List<Candidate> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                first.addAll(again.nextBatch());
            }
            assertEquals(batches.size(), first.size());
            for (int i = 0; i < first.size(); i++) {
                assertEquals(batches.get(i).input().getText(), first.get(i).input().getText());
                assertEquals(batches.get(i).featureValue(), first.get(i).featureValue(), 1e-6);
                assertEquals(batches.get(i).mode(), first.get(i).mode());
                assertEquals(batches.get(i).sourceConcepts(), first.get(i).sourceConcepts());
            }
        }
    }

    @Test
    void aReadStoryHasEveryFactor() {
        batches.stream().filter(c -> !c.factors().isEmpty())
                .forEach(c -> assertEquals(List.of(Plot.FACTORS), List.copyOf(c.factors().keySet())));
    }

    private static RequestExample example(String text) {
        SampleInput.Builder input = SampleInput.newBuilder();
        if (text != null) {
            input.setText(text);
        }
        return RequestExample.newBuilder().setSampleId("s-" + (text == null ? 0 : text.hashCode()))
                .setInput(input.build()).setGeneratorMode("steered").setFactors(Map.of()).build();
    }
}
