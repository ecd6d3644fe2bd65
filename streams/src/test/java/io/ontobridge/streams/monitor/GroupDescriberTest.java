package io.ontobridge.streams.monitor;

import io.ontobridge.schema.Contrast;
import io.ontobridge.schema.GroupDescription;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group is described by what sets it apart among the samples the source reads on its side of the concept. */
class GroupDescriberTest {

    /** A shapes-like world: shape 0-2 with indicators, size 3-10, intensity 0.3-1; the source reads triangles high. */
    private static Map<String, Double> scene(Random r, int shape, double size, double intensity) {
        return Map.of("shape", (double) shape, "is_circle", shape == 0 ? 1.0 : 0.0, "is_square", shape == 1 ? 1.0 : 0.0,
                "is_triangle", shape == 2 ? 1.0 : 0.0, "size", size, "intensity", intensity, "x", 8 + 16 * r.nextDouble());
    }

    @Test
    void largeTrianglesAreDescribedBySizeNotByBeingTriangles() {
        GroupDescriber describer = new GroupDescriber();
        Random r = new Random(1);
        for (int i = 0; i < 1500; i++) {
            int shape = r.nextInt(3);
            Map<String, Double> f = scene(r, shape, 3 + 7 * r.nextDouble(), 0.3 + 0.7 * r.nextDouble());
            double source = shape == 2 ? 1 + 0.2 * r.nextGaussian() : -0.6 + 0.2 * r.nextGaussian();
            describer.observe(source, f, Map.of("size", f.get("size") + 0.5 * r.nextGaussian()));
        }
        for (int i = 0; i < 30; i++) {
            Map<String, Double> f = scene(r, 2, 8 + 2 * r.nextDouble(), 0.3 + 0.7 * r.nextDouble());
            describer.join(7, 1.0, f, Map.of("size", f.get("size") + 0.5 * r.nextGaussian()));
        }
        GroupDescription d = describer.describe(7, 0.0, "is_triangle");
        Contrast top = d.getFactors().get(0);
        assertEquals("size", top.getName(), d.getText());
        assertTrue(top.getEffect() > 0.7, "most triangles are smaller than every member: " + top.getEffect());
        assertTrue(top.getGroupMin() >= 8 && top.getRestMin() < 4, d.getText());
        assertTrue(d.getFactors().stream().noneMatch(c -> c.getName().equals("is_triangle") || c.getName().equals("shape")),
                "neither the concept's own factor nor the class id: " + d.getText());
        assertEquals("size", d.getSourceConcepts().get(0).getName());
        assertTrue(d.getSourceConcepts().get(0).getSmd() > 1, d.getText());
        assertTrue(d.getText().startsWith("size 8."), d.getText());
        assertEquals(30, d.getMembers());
        assertTrue(d.getCompared() > 400 && d.getCompared() < 800, "only the triangle side: " + d.getCompared());
        // The state round-trips.
        GroupDescription again = GroupDescriber.fromBytes(describer.toBytes()).describe(7, 0.0, "is_triangle");
        assertEquals(d, again);
    }

    @Test
    void dimCirclesReadAsNotTrianglesAreDescribedByIntensity() {
        GroupDescriber describer = new GroupDescriber();
        Random r = new Random(2);
        for (int i = 0; i < 1500; i++) {
            int shape = r.nextInt(3);
            Map<String, Double> f = scene(r, shape, 3 + 7 * r.nextDouble(), 0.3 + 0.7 * r.nextDouble());
            describer.observe(shape == 2 ? 1 : -0.6, f, Map.of());
        }
        for (int i = 0; i < 20; i++) {
            describer.join(3, -0.6, scene(r, 0, 3 + 7 * r.nextDouble(), 0.3 + 0.25 * r.nextDouble()), Map.of());
        }
        GroupDescription d = describer.describe(3, 0.0, "is_triangle");
        assertEquals("intensity", d.getFactors().get(0).getName(), d.getText());
        assertTrue(d.getFactors().get(0).getEffect() < -0.5, d.getText());
        assertTrue(d.getSourceConcepts().isEmpty(), "no catalogue, no source concepts");
    }

    @Test
    void aGroupTooSmallOrUnknownIsNotDescribed() {
        GroupDescriber describer = new GroupDescriber();
        Random r = new Random(3);
        for (int i = 0; i < 100; i++) {
            describer.observe(1, scene(r, 2, 5, 0.5), Map.of());
        }
        describer.join(1, 1, scene(r, 2, 9, 0.5), Map.of());
        assertNull(describer.describe(1, 0.0, null), "one member");
        assertNull(describer.describe(2, 0.0, null), "no such group");
    }
}
