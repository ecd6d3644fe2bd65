package io.ontobridge.probe;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProbeUpdateTest {
    @Test
    void roundTripsExactly() {
        Map<String, float[]> baselines = new TreeMap<>(Map.of("input", new float[]{0.5f, Float.MIN_VALUE},
                "random_init", new float[]{-1e30f}));
        ProbeUpdate update = new ProbeUpdate(new float[]{1.25f, -3f, 7e-8f}, baselines, Math.PI, -0.1, true, "world",
                1.0, null);
        ProbeUpdate back = ProbeUpdate.fromBytes(update.toBytes());
        assertArrayEquals(update.activations(), back.activations());
        assertEquals(update.baselines().keySet(), back.baselines().keySet());
        assertArrayEquals(baselines.get("input"), back.baselines().get("input"));
        assertArrayEquals(baselines.get("random_init"), back.baselines().get("random_init"));
        assertEquals(Math.PI, back.featureValue());
        assertEquals(-0.1, back.prediction());
        assertEquals(true, back.heldOut());
        assertEquals("world", back.mode());
        assertEquals(1.0, back.factorValue());
        assertNull(back.controlTarget());
    }
}
