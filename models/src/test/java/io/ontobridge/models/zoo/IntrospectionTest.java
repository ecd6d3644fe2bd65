package io.ontobridge.models.zoo;

import io.ontobridge.worlds.shapes.Scene;
import io.ontobridge.worlds.shapes.World;
import io.ontobridge.worlds.shapes.WorldConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntrospectionTest {
    @Test
    void findsAFactorPlantedInASyntheticLatent() {
        World world = new World(WorldConfig.defaults(), 1);
        Random noise = new Random(2);
        List<Scene> scenes = new ArrayList<>();
        float[][] latents = new float[1000][6];
        for (int i = 0; i < latents.length; i++) {
            Scene s = world.nextScene();
            scenes.add(s);
            for (int j = 0; j < 6; j++) {
                latents[i][j] = (float) noise.nextGaussian();
            }
            latents[i][3] = (float) (-2 * s.size() + 0.5 * noise.nextGaussian()); // unit 3 = size (flipped) + noise
            latents[i][5] = (float) (s.x() / 10 + 0.2 * noise.nextGaussian());
        }
        Introspection.Result r = Introspection.of(latents, scenes, 1);
        assertEquals(3, r.bestFor("size").unit());
        assertTrue(r.bestFor("size").r() < -0.9, "r " + r.bestFor("size").r());
        assertEquals(5, r.bestFor("x").unit());
        assertEquals(List.of(Scene.FACTORS), r.factors());
        assertEquals(6, r.units());
        assertEquals(r.bestFor("size").r(), r.r()[r.factors().indexOf("size")][3]);
        assertTrue(Math.abs(r.bestFor("rotation").r()) < 0.2);
    }

    @Test
    void runsAnyImageEncoderOnFreshWorldSamples() {
        // A fake encoder: unit 3 is the shape's extent (the largest distance of a covered pixel from the
        // covered pixels' centroid), which tracks the circumradius; the other units are noise.
        Introspection.ImageEncoder fake = images -> {
            Random noise = new Random(3);
            float[][] out = new float[images.size()][5];
            for (int i = 0; i < out.length; i++) {
                float[] img = images.get(i);
                double cx = 0, cy = 0;
                int covered = 0;
                for (int p = 0; p < img.length; p++) {
                    if (img[p] > 0.1f) {
                        cx += p % 32;
                        cy += p / 32;
                        covered++;
                    }
                }
                cx /= covered;
                cy /= covered;
                double extent = 0;
                for (int p = 0; p < img.length; p++) {
                    if (img[p] > 0.1f) {
                        extent = Math.max(extent, Math.hypot(p % 32 - cx, p / 32 - cy));
                    }
                }
                for (int j = 0; j < 5; j++) {
                    out[i][j] = (float) noise.nextGaussian();
                }
                out[i][3] = (float) extent;
            }
            return out;
        };
        Introspection.Result r = Introspection.run(fake, WorldConfig.defaults(), 4, 500);
        assertEquals(500, r.samples());
        assertEquals(3, r.bestFor("size").unit());
        assertTrue(r.bestFor("size").r() > 0.9, "r " + r.bestFor("size").r());
        assertTrue(Introspection.table(r).contains("size"));
    }
}
