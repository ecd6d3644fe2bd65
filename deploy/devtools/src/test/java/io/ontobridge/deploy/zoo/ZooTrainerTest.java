package io.ontobridge.deploy.zoo;

import io.ontobridge.models.zoo.ModelMetadata;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.models.zoo.Stats;
import io.ontobridge.models.zoo.TrainOptions;
import io.ontobridge.worlds.shapes.Png;
import io.ontobridge.worlds.shapes.World;
import io.ontobridge.worlds.shapes.WorldConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Short training runs of both architectures (a few seconds each), then saving, loading and reading. */
class ZooTrainerTest {
    @TempDir
    static Path dir;
    static ModelMetadata vaeMeta;
    static ModelMetadata cnnMeta;
    static List<float[]> images;

    @BeforeAll
    static void trainTinyModels() {
        WorldConfig world = WorldConfig.defaults();
        vaeMeta = new ZooTrainer(line -> { }).train("vae", world, 3,
                TrainOptions.defaults("vae").withSamples(640).withEpochs(2).withLatent(6).withClassWeight(0),
                dir.resolve("vae"));
        cnnMeta = new ZooTrainer(line -> { }).train("cnn", world, 3,
                TrainOptions.defaults("cnn").withSamples(640).withEpochs(2).withHidden(16), dir.resolve("cnn"));
        World w = new World(world, 99);
        images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(Png.quantize(w.next().pixels()));
        }
    }

    @Test
    void shortTrainingLowersTheLossForBothArchitectures() {
        for (ModelMetadata m : List.of(vaeMeta, cnnMeta)) {
            assertEquals(2, m.epochs().size());
            assertTrue(m.epochs().get(1).loss() < m.epochs().get(0).loss(), m.architecture() + ": " + m.epochs());
            assertEquals(0, m.epochs().get(1).skippedSteps(), m.architecture());
        }
        assertNotNull(vaeMeta.epochs().get(0).kl());
        assertNotNull(cnnMeta.epochs().get(0).accuracy());
    }

    @Test
    void metadataRecordsHowTheModelWasMade() throws Exception {
        ModelMetadata read = ModelMetadata.read(dir.resolve("vae"));
        assertEquals("vae", read.architecture());
        assertEquals(6, ((Number) read.hyper().get("latent")).intValue());
        assertEquals(WorldConfig.defaults(), read.world());
        assertEquals(3, read.seed());
        assertEquals(640, read.samples());
        assertEquals(Stats.sha256(Files.readAllBytes(dir.resolve("vae").resolve(ModelMetadata.PARAMS))), read.paramsSha256());
        assertNotNull(read.introspection());
        assertEquals(6, read.introspection().units());
        int unit = read.unitFor("size");
        assertTrue(unit >= 0 && unit < 6);
        assertNull(ModelMetadata.read(dir.resolve("cnn")).introspection());
    }

    @Test
    void saveLoadRoundTripGivesIdenticalOutputs() {
        try (ShapesModel a = ShapesModel.load(dir.resolve("cnn")); ShapesModel b = ShapesModel.load(dir.resolve("cnn"))) {
            for (String layer : a.layerNames()) {
                float[][] x = a.readLayer(layer, images);
                float[][] y = b.readLayer(layer, images);
                for (int i = 0; i < x.length; i++) {
                    assertArrayEquals(x[i], y[i], layer);
                }
            }
            assertEquals(cnnMeta.paramsSha256(), a.sha256());
        }
        try (ShapesModel a = ShapesModel.load(dir.resolve("vae"), vaeMeta.paramsSha256());
             ShapesModel b = ShapesModel.load(dir.resolve("vae"))) {
            float[][] za = a.encodeMean(images);
            float[][] zb = b.encodeMean(images);
            for (int i = 0; i < za.length; i++) {
                assertArrayEquals(za[i], zb[i]);
                assertArrayEquals(a.decode(za).get(i), b.decode(zb).get(i));
            }
        }
    }

    @Test
    void sha256MismatchIsAClearError() throws Exception {
        IllegalArgumentException pin = assertThrows(IllegalArgumentException.class,
                () -> ShapesModel.load(dir.resolve("cnn"), "00" + cnnMeta.paramsSha256().substring(2)));
        assertTrue(pin.getMessage().contains("sha256 mismatch") && pin.getMessage().contains(cnnMeta.paramsSha256()),
                pin.getMessage());
        Path copy = dir.resolve("cnn-corrupt");
        Files.createDirectories(copy);
        Files.copy(dir.resolve("cnn").resolve(ModelMetadata.FILE), copy.resolve(ModelMetadata.FILE),
                StandardCopyOption.REPLACE_EXISTING);
        byte[] params = Files.readAllBytes(dir.resolve("cnn").resolve(ModelMetadata.PARAMS));
        params[params.length - 1] ^= 1;
        Files.write(copy.resolve(ModelMetadata.PARAMS), params);
        IllegalArgumentException changed = assertThrows(IllegalArgumentException.class, () -> ShapesModel.load(copy));
        assertTrue(changed.getMessage().contains("sha256 mismatch"), changed.getMessage());
    }

    @Test
    void readLayerReturnsTheDocumentedShapes() {
        Map<String, Integer> cnn = Map.of("conv1", 4096, "conv2", 2048, "conv3", 1024, "conv1_pool", 16, "conv2_pool", 32,
                "conv3_pool", 64, "hidden", 16, "logits", 3, "probabilities", 3);
        try (ShapesModel m = ShapesModel.load(dir.resolve("cnn"))) {
            assertEquals(cnn.keySet(), new java.util.HashSet<>(m.layerNames()));
            for (var e : cnn.entrySet()) {
                float[][] out = m.readLayer(e.getKey(), images);
                assertEquals(images.size(), out.length);
                assertEquals(e.getValue(), out[0].length, e.getKey());
            }
            float[][] logits = m.readLayer("logits", images);
            float[][] probabilities = m.readLayer("probabilities", images);
            for (int i = 0; i < images.size(); i++) {
                // The softmax of the logits: sums to 1, and the same class comes first.
                assertEquals(1.0, probabilities[i][0] + probabilities[i][1] + probabilities[i][2], 1e-5);
                assertEquals(argmax(logits[i]), argmax(probabilities[i]));
            }
            assertThrows(IllegalArgumentException.class, () -> m.readLayer("nope", images));
            assertThrows(IllegalStateException.class, m::latentSize);
        }
        try (ShapesModel m = ShapesModel.load(dir.resolve("vae"))) {
            assertEquals(6, m.latentSize());
            assertEquals(256, m.readLayer("enc_hidden", images)[0].length);
            assertEquals(6, m.readLayer("latent_mean", images)[0].length);
            assertArrayEquals(m.encodeMean(images)[2], m.readLayer("latent_mean", images)[2]);
            List<float[]> decoded = m.decode(new float[][] {new float[6], new float[6]});
            assertEquals(2, decoded.size());
            assertEquals(1024, decoded.get(0).length);
            for (float v : decoded.get(0)) {
                assertTrue(v >= 0 && v <= 1);
            }
        }
    }

    @Test
    void randomInitCopyDiffersFromTheTrainedModel() {
        try (ShapesModel m = ShapesModel.load(dir.resolve("cnn")); ShapesModel r = m.randomInitCopy(5);
             ShapesModel r2 = m.randomInitCopy(5)) {
            assertNotEquals(m.sha256(), r.sha256());
            assertEquals(r.sha256(), r2.sha256(), "seeded: the same seed gives the same copy");
            assertEquals(m.layerNames(), r.layerNames());
            float[] a = m.readLayer("hidden", images)[0];
            float[] b = r.readLayer("hidden", images)[0];
            assertEquals(a.length, b.length);
            assertFalse(java.util.Arrays.equals(a, b));
        }
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }
}
