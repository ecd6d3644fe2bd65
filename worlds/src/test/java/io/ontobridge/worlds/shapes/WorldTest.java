package io.ontobridge.worlds.shapes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

class WorldTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedSameScenesAndPixels() {
        World a = new World(WorldConfig.load(Path.of("..", "worlds", "source.yaml")), 3);
        World b = new World(WorldConfig.load(Path.of("..", "worlds", "source.yaml")), 3);
        World c = new World(WorldConfig.load(Path.of("..", "worlds", "source.yaml")), 4);
        for (int i = 0; i < 20; i++) {
            World.View va = a.next();
            World.View vb = b.next();
            assertEquals(va.scene(), vb.scene());
            assertArrayEquals(va.pixels(), vb.pixels());
            assertNotEquals(va.scene(), c.next().scene());
        }
    }

    @Test
    void scenesHonourRangesWeightsAndExclusions() {
        WorldConfig config = new WorldConfig(32, Map.of("circle", 1.0, "triangle", 1.0), new WorldConfig.Range(4.0, 11.0),
                new WorldConfig.Range(0.5, 1.0), null, 1.0, 0.0,
                List.of(new WorldConfig.Exclusion("triangle", new WorldConfig.Range(9.0, null), null, null, null, null),
                        new WorldConfig.Exclusion("circle", null, new WorldConfig.Range(16.0, null), null, null, null)),
                null);
        World world = new World(config, 11);
        int triangles = 0;
        for (int i = 0; i < 3000; i++) {
            Scene scene = world.nextScene();
            assertNotEquals(ShapeClass.SQUARE, scene.shape(), "weight 0 never appears");
            assertTrue(scene.size() >= 4 && scene.size() <= 11);
            assertTrue(scene.intensity() >= 0.5 && scene.intensity() <= 1.0);
            assertTrue(scene.x() - scene.size() >= 1 && scene.x() + scene.size() <= 31, "fits with the margin");
            if (scene.shape() == ShapeClass.TRIANGLE) {
                triangles++;
                assertTrue(scene.size() < 9.0, "no large triangles");
            } else {
                assertTrue(scene.x() < 16.0, "circles only on the left half");
            }
        }
        assertTrue(triangles > 1000 && triangles < 2000, "class weights: " + triangles);
    }

    @Test
    void labelRulesRenameARegionAndLeaveTheImageAndTheTruthAlone() {
        WorldConfig planted = WorldConfig.load(Path.of("..", "worlds", "planted", "large-triangles-as-squares.yaml"));
        WorldConfig control = WorldConfig.load(Path.of("..", "worlds", "planted", "control.yaml"));
        World a = new World(planted, 5);
        World b = new World(control, 5);
        int relabelled = 0;
        int n = 6000;
        for (int i = 0; i < n; i++) {
            World.View va = a.next();
            World.View vb = b.next();
            assertEquals(vb.scene(), va.scene(), "a label rule draws the same scenes");
            assertArrayEquals(vb.pixels(), va.pixels(), "and renders the same pixels");
            Scene scene = va.scene();
            assertEquals(scene.shape(), control.label(scene), "the control labels every scene as drawn");
            boolean inRegion = scene.shape() == ShapeClass.TRIANGLE && scene.size() >= 8;
            assertEquals(inRegion ? ShapeClass.SQUARE : scene.shape(), planted.label(scene), scene.toString());
            assertEquals(inRegion, planted.relabel().get(0).matches(scene));
            assertEquals(inRegion, planted.relabel().get(0).condition().matches(scene.factors()), "from the factors too");
            relabelled += inRegion ? 1 : 0;
        }
        double share = relabelled / (double) n;
        assertTrue(share > 0.11 && share < 0.18, "about 3/7 of a third of the scenes: " + share);

        WorldConfig dim = WorldConfig.load(Path.of("..", "worlds", "planted", "dim-circles-as-triangles.yaml"));
        assertEquals(ShapeClass.TRIANGLE, dim.label(new Scene(ShapeClass.CIRCLE, 6, 16, 16, 0, 0.5)));
        assertEquals(ShapeClass.CIRCLE, dim.label(new Scene(ShapeClass.CIRCLE, 6, 16, 16, 0, 0.6)));
        assertEquals(ShapeClass.SQUARE, dim.label(new Scene(ShapeClass.SQUARE, 6, 16, 16, 0, 0.5)));
        assertFalse(dim.relabel().get(0).condition().matches(Map.of()), "a decoded image has no truth to place");
    }

    @Test
    void aLabelRuleNeedsAKnownClassToLabelWith() throws IOException {
        Path noAs = Files.writeString(dir.resolve("r.yaml"), "relabel:\n  - {shape: triangle, size: {min: 8}}\n");
        var missing = assertThrows(IllegalArgumentException.class, () -> WorldConfig.load(noAs));
        assertTrue(missing.getMessage().contains("relabel: a rule needs 'as'"), missing.getMessage());
        Path badAs = Files.writeString(dir.resolve("b.yaml"), "relabel:\n  - {shape: triangle, as: hexagon}\n");
        var unknown = assertThrows(IllegalArgumentException.class, () -> WorldConfig.load(badAs));
        assertTrue(unknown.getMessage().contains("unknown shape 'hexagon'"), unknown.getMessage());
    }

    @Test
    void factorsNameTheGroundTruth() {
        Map<String, Double> factors = new Scene(ShapeClass.TRIANGLE, 5, 10, 12, 0.3, 0.9).factors();
        assertEquals(2.0, factors.get("shape"));
        assertEquals(1.0, factors.get("is_triangle"));
        assertEquals(0.0, factors.get("is_circle"));
        assertEquals(5.0, factors.get("size"));
        assertEquals(List.of(Scene.FACTORS), List.copyOf(factors.keySet()));
    }

    @Test
    void pngRoundTripGivesTheQuantizedPixels() {
        float[] pixels = new World(WorldConfig.defaults(), 1).next().pixels();
        Png.Image decoded = Png.decode(Png.encode(pixels, 32));
        assertEquals(32, decoded.width());
        assertArrayEquals(Png.quantize(pixels), decoded.pixels());
        assertThrows(IllegalArgumentException.class, () -> Png.decode("not a png".getBytes()));
    }

    @Test
    void worldConfigErrorsNameTheField() throws IOException {
        Path unknown = Files.writeString(dir.resolve("w.yaml"), "image_size: 32\nsizes: {min: 1, max: 2}\n");
        var error = assertThrows(IllegalArgumentException.class, () -> WorldConfig.load(unknown));
        assertTrue(error.getMessage().contains("unknown field 'sizes'"), error.getMessage());
        Path tooBig = Files.writeString(dir.resolve("big.yaml"), "image_size: 16\nsize: {min: 4, max: 11}\n");
        var fit = assertThrows(IllegalArgumentException.class, () -> WorldConfig.load(tooBig));
        assertTrue(fit.getMessage().contains("must fit an image of 16 pixels"), fit.getMessage());
        Path badShape = Files.writeString(dir.resolve("s.yaml"), "shapes: {hexagon: 1}\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorldConfig.load(badShape))
                .getMessage().contains("unknown shape 'hexagon'"));
        assertFalse(WorldConfig.load(Path.of("..", "worlds", "target.yaml")).exclude().isEmpty());
    }
}
