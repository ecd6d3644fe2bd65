package io.ontobridge.models.lm;

import io.ontobridge.platform.concept.Pooling;
import io.ontobridge.models.zoo.ModelMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime on a small randomly initialized model: read-outs, steering, saving and loading. */
@ExtendWith(OneTorchThread.class)
class LmModelTest {
    static final WordVocabulary VOCAB = WordVocabulary.of(List.of("the", "a", "knight", "dragon", "defeated", "was",
            "by", "fled", "."));
    static final LmArchitecture ARCH = new LmArchitecture(2, 16, 2, 32, 16);
    static final List<String> TEXTS = List.of("the knight defeated the dragon .", "a dragon fled .",
            "the dragon was defeated by a knight .");
    private static LanguageModel model;

    @BeforeAll
    static void build() {
        model = LanguageModel.initialize(ARCH, VOCAB, 3);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void readOutsPoolTheTokenStatesOfEachText() {
        assertEquals(List.of("resid.0", "resid.1", "resid.2", "final"), model.layerNames());
        for (String layer : model.layerNames()) {
            float[][] last = model.read(TEXTS, layer, Pooling.LAST);
            float[][] mean = model.read(TEXTS, layer, Pooling.MEAN);
            float[][] second = model.read(TEXTS, layer, Pooling.at(2));
            for (int i = 0; i < TEXTS.size(); i++) {
                float[][] states = model.tokenStates(TEXTS.get(i), layer);
                assertEquals(VOCAB.encodeSequence(TEXTS.get(i)).length, states.length);
                assertEquals(16, last[i].length);
                // A text read beside longer ones (padded) reads as it does alone.
                assertArrayEquals(states[states.length - 1], last[i], 1e-5f, layer);
                assertArrayEquals(states[2], second[i], 1e-5f, layer);
                float[] m = new float[16];
                for (float[] s : states) {
                    for (int j = 0; j < 16; j++) {
                        m[j] += s[j] / states.length;
                    }
                }
                assertArrayEquals(m, mean[i], 1e-5f, layer);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> model.read(TEXTS, "resid.3", Pooling.LAST));
        assertThrows(IllegalArgumentException.class, () -> model.read(TEXTS, "final", Pooling.at(7)));
        assertThrows(IllegalArgumentException.class, () -> model.read(List.of("the knight . ".repeat(6)), "final", Pooling.LAST));
    }

    @Test
    void steeringShiftsTheStreamFromItsLayerOn() {
        float[] v = new float[16];
        v[3] = 1;
        v[7] = -2;
        List<String> layers = model.layerNames();
        Map<String, float[][]> plain = model.read(TEXTS, layers, Pooling.LAST, null);
        Map<String, float[][]> zero = model.read(TEXTS, layers, Pooling.LAST, Steering.at("resid.1", v, 0));
        Map<String, float[][]> steered = model.read(TEXTS, layers, Pooling.LAST, Steering.at("resid.1", v, 2));
        for (int i = 0; i < TEXTS.size(); i++) {
            for (String layer : layers) {
                assertArrayEquals(plain.get(layer)[i], zero.get(layer)[i], 0f);
            }
            assertArrayEquals(plain.get("resid.0")[i], steered.get("resid.0")[i], 0f);
            assertEquals(plain.get("resid.1")[i][7] - 4, steered.get("resid.1")[i][7], 1e-5f);
            assertFalse(java.util.Arrays.equals(plain.get("final")[i], steered.get("final")[i]));
        }
        assertThrows(IllegalArgumentException.class, () -> model.read(TEXTS, layers, Pooling.LAST, Steering.at("resid.1", new float[4], 1)));
    }

    @Test
    void aSavedModelLoadsWithIdenticalOutputsAndATamperedOneIsRefused(@TempDir Path dir) throws Exception {
        model.saveTo(dir);
        LmMetadata meta = LmMetadata.read(dir);
        assertTrue(LmMetadata.isLanguageModel(dir));
        assertEquals(VOCAB.tokens(), meta.vocabulary());
        assertEquals(ARCH, meta.lmArchitecture());
        try (LanguageModel loaded = LanguageModel.load(dir, model.sha256())) {
            assertEquals(model.sha256(), loaded.sha256());
            for (String layer : model.layerNames()) {
                float[][] a = model.read(TEXTS, layer, Pooling.MEAN);
                float[][] b = loaded.read(TEXTS, layer, Pooling.MEAN);
                for (int i = 0; i < a.length; i++) {
                    assertArrayEquals(a[i], b[i], 0f, layer);
                }
            }
            assertEquals(model.nextTokenLoss(TEXTS), loaded.nextTokenLoss(TEXTS), 0);
            SamplingOptions opts = SamplingOptions.defaults().withMaxNewTokens(8);
            assertEquals(model.generate(TEXTS, opts, 4, null), loaded.generate(TEXTS, opts, 4, null));
        }
        String other = "0".repeat(64);
        assertThrows(IllegalArgumentException.class, () -> LanguageModel.load(dir, other));

        Path params = dir.resolve(ModelMetadata.PARAMS);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 3] ^= 1; // one bit of one weight
        Files.write(params, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LanguageModel.load(dir));
        assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
    }

    @Test
    void randomInitCopiesDependOnTheSeed() {
        try (LanguageModel a = model.randomInitCopy(11); LanguageModel b = model.randomInitCopy(11);
             LanguageModel c = model.randomInitCopy(12)) {
            assertEquals(a.sha256(), b.sha256());
            assertNotEquals(a.sha256(), c.sha256());
            assertArrayEquals(a.read(TEXTS, "final", Pooling.LAST)[0], b.read(TEXTS, "final", Pooling.LAST)[0], 0f);
        }
    }

    @Test
    void theLossOfAnUntrainedModelIsNearThatOfAGuess() {
        // Random weights give nearly uniform predictions: about log(vocabulary size) nats per token.
        double loss = model.nextTokenLoss(TEXTS);
        assertEquals(Math.log(VOCAB.size()), loss, 0.1);
    }
}
