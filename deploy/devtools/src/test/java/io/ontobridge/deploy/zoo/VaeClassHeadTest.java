package io.ontobridge.deploy.zoo;

import io.ontobridge.models.zoo.ModelMetadata;
import io.ontobridge.models.zoo.Nets;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.models.zoo.TrainOptions;
import io.ontobridge.worlds.shapes.Png;
import io.ontobridge.worlds.shapes.World;
import io.ontobridge.worlds.shapes.WorldConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The VAE's auxiliary class head: trained by its loss term, readable as class_logits, absent when off. */
class VaeClassHeadTest {
    @TempDir
    static Path dir;
    static ModelMetadata meta;
    static final int SEED = 5;
    static final int SAMPLES = 1280;

    @BeforeAll
    static void trainWithAClassHead() {
        // About 120 Adam steps: a few seconds on 2 cores.
        meta = new ZooTrainer(line -> { }).train("vae", WorldConfig.defaults(), SEED,
                TrainOptions.defaults("vae").withSamples(SAMPLES).withEpochs(6).withLatent(6).withClassWeight(20),
                dir.resolve("vae"));
    }

    @Test
    void theClassTermIsPartOfTheLossAndIsLearned() {
        for (ModelMetadata.EpochLog e : meta.epochs()) {
            assertNotNull(e.classification(), "epoch " + e.epoch());
            assertNotNull(e.accuracy(), "epoch " + e.epoch());
            // loss = reconstruction + beta * KL + class_weight * cross-entropy (per image, averaged over steps)
            double expected = e.reconstruction() + 2.0 * e.kl() + 20 * e.classification();
            assertEquals(expected, e.loss(), 1e-3 * expected, "epoch " + e.epoch());
        }
        var first = meta.epochs().get(0);
        var last = meta.epochs().get(meta.epochs().size() - 1);
        assertTrue(last.classification() < first.classification(), meta.epochs().toString());
        assertEquals(20.0, ((Number) meta.hyper().get("class_weight")).doubleValue());
        assertEquals(3, ((Number) meta.hyper().get("classes")).intValue());
    }

    @Test
    void classLogitsBeatChanceOnTheTrainingImages() {
        World w = new World(WorldConfig.defaults(), SEED); // the training images' own world and seed
        List<float[]> images = new ArrayList<>();
        int[] labels = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            World.View v = w.next();
            images.add(Png.quantize(v.pixels()));
            labels[i] = v.scene().shape().ordinal();
        }
        try (ShapesModel vae = ShapesModel.load(dir.resolve("vae"))) {
            assertTrue(vae.layerNames().contains("class_logits"), vae.layerNames().toString());
            float[][] logits = vae.readLayer("class_logits", images);
            assertEquals(3, logits[0].length);
            int correct = 0;
            for (int i = 0; i < SAMPLES; i++) {
                int best = 0;
                for (int k = 1; k < 3; k++) {
                    if (logits[i][k] > logits[i][best]) {
                        best = k;
                    }
                }
                correct += best == labels[i] ? 1 : 0;
            }
            double accuracy = correct / (double) SAMPLES;
            // Well above chance (0.33); a short CPU run varies with PyTorch threading (one run gave 0.599).
            assertTrue(accuracy > 0.5, "class head accuracy " + accuracy + " (chance 0.33)");
            // The decoder is untouched: it still decodes latents into images.
            assertEquals(1024, vae.decode(new float[][] {new float[6]}).get(0).length);
        }
    }

    @Test
    void aPlainVaeHasNoHeadAndOldMetadataReadsAsPlain() throws Exception {
        TrainOptions plain = TrainOptions.defaults("vae").withClassWeight(0);
        assertEquals(0.0, plain.classWeight());
        assertFalse(plain.hyper("vae").containsKey("class_weight"));
        Nets.LayeredNet net = Nets.build("vae", plain.hyper("vae"));
        assertFalse(net.layerNames().contains("class_logits"));
        // A model.json written before the class head existed has no class_weight: it reads as 0.
        String old = "{\"samples\":640,\"epochs\":2,\"batch_size\":64,\"learning_rate\":0.001,\"latent\":6,"
                + "\"beta\":2.0,\"hidden\":64}";
        TrainOptions read = ModelMetadata.JSON.readValue(old, TrainOptions.class);
        assertEquals(0.0, read.classWeight());
        assertNull(ModelMetadata.JSON.readValue("{\"epoch\":1,\"loss\":1.0,\"skipped_steps\":0,\"seconds\":1.0}",
                ModelMetadata.EpochLog.class).classification());
        assertThrows(IllegalArgumentException.class, () -> plain.withClassWeight(-1));
    }
}
