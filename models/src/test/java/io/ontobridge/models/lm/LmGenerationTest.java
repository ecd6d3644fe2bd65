package io.ontobridge.models.lm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sampling on a small random model: seeded, within top-k, within the length, closed by {@code <eos>}. */
@ExtendWith(OneTorchThread.class)
class LmGenerationTest {
    private static final List<String> PROMPTS = List.of("", "the knight", "a dragon was", "the");
    private static LanguageModel model;

    @BeforeAll
    static void build() {
        model = LanguageModel.initialize(LmModelTest.ARCH, LmModelTest.VOCAB, 5);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theSameSeedGivesTheSameContinuationsAndAnotherSeedOthers() {
        SamplingOptions opts = SamplingOptions.defaults().withMaxNewTokens(10);
        List<Continuation> a = model.generate(PROMPTS, opts, 42, null);
        assertEquals(a, model.generate(PROMPTS, opts, 42, null));
        assertNotEquals(a, model.generate(PROMPTS, opts, 43, null));
        // A prompt's draw depends on the seed and its place, not on the prompts after it.
        assertEquals(a.subList(0, 2), model.generate(PROMPTS.subList(0, 2), opts, 42, null));
        for (int i = 0; i < PROMPTS.size(); i++) {
            Continuation c = a.get(i);
            assertEquals(PROMPTS.get(i), c.prompt());
            assertEquals((PROMPTS.get(i) + " " + c.generated()).strip(), c.text());
            assertFalse(c.text().contains("<"), c.text()); // no special token is ever emitted
        }
    }

    @Test
    void continuationsStopAtTheLengthLimitOrAtEos() {
        for (int max : new int[] {1, 3, 6}) {
            for (Continuation c : model.generate(PROMPTS, SamplingOptions.defaults().withMaxNewTokens(max), 7, null)) {
                int words = c.generated().isEmpty() ? 0 : c.generated().split(" ").length;
                // max new tokens, <eos> included: an ended one has fewer words.
                assertTrue(c.ended() ? words < max : words == max, c + " with max " + max);
            }
        }
        // The context (16 tokens, <bos> included) caps a long run.
        for (Continuation c : model.generate(List.of("the"), SamplingOptions.defaults().withMaxNewTokens(100), 1, null)) {
            assertTrue(c.text().split(" ").length <= 15, c.text());
        }
        assertThrows(IllegalArgumentException.class,
                () -> model.generate(List.of("the . ".repeat(8)), SamplingOptions.defaults(), 1, null));
    }

    @Test
    void greedyAndTopOneAgreeAndTopKDrawsOnlyAmongTheKMostLikely() {
        SamplingOptions greedy = SamplingOptions.greedy(6);
        List<Continuation> g = model.generate(PROMPTS, greedy, 1, null);
        assertEquals(g, model.generate(PROMPTS, greedy, 2, null));
        assertEquals(g, model.generate(PROMPTS, SamplingOptions.defaults().withMaxNewTokens(6).withTopK(1), 3, null));
        assertEquals(g, model.generate(PROMPTS, SamplingOptions.defaults().withMaxNewTokens(6).withTopP(1e-6), 4, null));

        // Replay each top-3 draw: every token was among the 3 most likely after its prefix.
        for (Continuation c : model.generate(PROMPTS, SamplingOptions.defaults().withMaxNewTokens(6).withTopK(3)
                .withTemperature(3), 9, null)) {
            List<Integer> seq = new ArrayList<>(List.of(WordVocabulary.BOS_ID));
            for (int id : model.vocabulary().encode(c.prompt())) {
                seq.add(id);
            }
            int[] generated = model.vocabulary().encode(c.generated());
            List<Integer> next = new ArrayList<>();
            for (int id : generated) {
                next.add(id);
            }
            if (c.ended()) {
                next.add(WordVocabulary.EOS_ID);
            }
            for (int id : next) {
                float[] logits = model.lastLogits(List.of(seq.stream().mapToInt(Integer::intValue).toArray()), null)[0];
                assertTrue(rank(logits, id) < 3, "token " + id + " of " + c);
                seq.add(id);
            }
        }
    }

    @Test
    void theLastLogitsOfABatchAreThoseOfEachSequenceAlone() {
        List<int[]> seqs = List.of(new int[] {1}, new int[] {1, 4, 5, 6, 7}, new int[] {1, 8, 9});
        float[][] batched = model.lastLogits(seqs, null);
        for (int i = 0; i < seqs.size(); i++) {
            float[] alone = model.lastLogits(List.of(seqs.get(i)), null)[0];
            org.junit.jupiter.api.Assertions.assertArrayEquals(alone, batched[i], 1e-5f, "sequence " + i);
        }
    }

    @Test
    void theSamplerFollowsTemperatureTopKAndTopP() {
        float[] logits = {9, 9, 3, 9, 2.0f, 1.9f, 1.0f, 0.5f}; // ids 0, 1, 3 are never drawn; 2 is <eos>
        SplittableRandom r = new SplittableRandom(1);
        int[] counts = new int[logits.length];
        for (int i = 0; i < 4000; i++) {
            counts[TokenSampler.sample(logits, SamplingOptions.defaults().withTopK(2), r)]++;
        }
        // Only the two most likely allowed tokens: <eos> (p 0.73) and id 4 (p 0.27).
        assertEquals(4000, counts[2] + counts[4], Arrays.toString(counts));
        assertTrue(counts[4] > 900 && counts[4] < 1300, Arrays.toString(counts));
        // Top-p 0.4 keeps only the most likely token (p 0.52 among the allowed ones).
        for (int i = 0; i < 100; i++) {
            assertEquals(2, TokenSampler.sample(logits, SamplingOptions.defaults().withTopP(0.4), r));
        }
        // A high temperature flattens: every allowed token turns up.
        Arrays.fill(counts, 0);
        for (int i = 0; i < 4000; i++) {
            counts[TokenSampler.sample(logits, SamplingOptions.defaults().withTemperature(50), r)]++;
        }
        for (int id : new int[] {2, 4, 5, 6, 7}) {
            assertTrue(counts[id] > 500, Arrays.toString(counts));
        }
    }

    private static int rank(float[] logits, int id) {
        int better = 0;
        for (int j = 0; j < logits.length; j++) {
            boolean allowed = j != WordVocabulary.PAD_ID && j != WordVocabulary.BOS_ID && j != WordVocabulary.UNK_ID;
            if (allowed && j != id && logits[j] > logits[id]) {
                better++;
            }
        }
        return better;
    }
}
