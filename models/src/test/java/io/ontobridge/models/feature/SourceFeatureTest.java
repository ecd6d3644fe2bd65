package io.ontobridge.models.feature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceFeatureTest {
    @TempDir
    Path dir;

    @Test
    void directionIsTheNormalizedDifferenceOfMeans() {
        float[][] positive = {{3, 1}, {5, 1}};   // mean (4, 1)
        float[][] negative = {{0, 1}, {0, 1}};   // mean (0, 1)
        assertArrayEquals(new float[]{1, 0}, SourceFeature.contrastDirection(positive, negative), 1e-6f);
    }

    @Test
    void fisherDirectionDiscountsSharedVariance() {
        // The sets differ by (1, 1), but y varies a lot within both sets while x hardly does:
        // the plain difference points at 45 degrees, the Fisher direction almost along x.
        java.util.Random random = new java.util.Random(5);
        float[][] positive = new float[500][];
        float[][] negative = new float[500][];
        for (int i = 0; i < 500; i++) {
            positive[i] = new float[]{1 + 0.1f * (float) random.nextGaussian(), 1 + 5f * (float) random.nextGaussian()};
            negative[i] = new float[]{0.1f * (float) random.nextGaussian(), 5f * (float) random.nextGaussian()};
        }
        float[] plain = SourceFeature.contrastDirection(positive, negative);
        float[] fisher = SourceFeature.fisherDirection(positive, negative);
        assertTrue(Math.abs(plain[1]) > 0.3, "plain difference leans on y: " + java.util.Arrays.toString(plain));
        assertTrue(fisher[0] > 0.99, "Fisher direction is about x: " + java.util.Arrays.toString(fisher));
        assertEquals(1.0, Math.hypot(fisher[0], fisher[1]), 1e-5);
    }

    @Test
    void identicalExamplesDefineNoDirection() {
        float[][] same = {{1, 2}};
        var error = assertThrows(IllegalArgumentException.class, () -> SourceFeature.contrastDirection(same, same));
        assertTrue(error.getMessage().contains("define no direction"));
    }

    @Test
    void readsAVectorFileAndChecksItsLength() throws IOException {
        Path file = Files.writeString(dir.resolve("v.txt"), "[0.5, -1.0,\n 2]");
        assertArrayEquals(new float[]{0.5f, -1f, 2f}, SourceFeature.readVector(file, 3));
        var error = assertThrows(IllegalArgumentException.class, () -> SourceFeature.readVector(file, 4));
        assertTrue(error.getMessage().contains("holds 3 values but the source layer has 4 units"), error.getMessage());
        Path bad = Files.writeString(dir.resolve("bad.txt"), "1 two 3");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SourceFeature.readVector(bad, 3))
                .getMessage().contains("value 2 'two' is not a number"));
    }

    @Test
    void aMissingVectorFileSaysNoSuchFile() {
        Path missing = dir.resolve("none.txt");
        var error = assertThrows(java.io.UncheckedIOException.class, () -> SourceFeature.readVector(missing, 3));
        String text = io.ontobridge.platform.kafka.DeadLetters.describe(error);
        assertEquals("feature.file: no such file: " + missing, text);
    }
}
