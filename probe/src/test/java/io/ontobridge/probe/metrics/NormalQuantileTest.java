package io.ontobridge.probe.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NormalQuantileTest {
    @Test
    void matchesTheTablesInBothTailsAndTheMiddle() {
        assertEquals(0.0, NormalQuantile.of(0.5), 1e-12);
        assertEquals(0.6744897501960817, NormalQuantile.of(0.75), 1e-8);
        assertEquals(1.959963984540054, NormalQuantile.of(0.975), 1e-8);
        assertEquals(2.5758293035489004, NormalQuantile.of(0.995), 1e-8);
        assertEquals(-3.090232306167813, NormalQuantile.of(0.001), 1e-8);
        assertEquals(-NormalQuantile.of(0.3), NormalQuantile.of(0.7), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(1.0));
    }
}
