package io.ontobridge.platform.concept;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeSpecTest {
    private static ProbeSpec mlp(List<Integer> hidden) {
        return new ProbeSpec("mlp", null, null, null, null, null, null, null, null, null, hidden, null, null, null,
                null, null, null);
    }

    @Test
    void hiddenSizesSayWhatTheyCostAndTooLargeOnesAreRefusedAtLoad() {
        assertDoesNotThrow(() -> mlp(List.of(64)).validate());
        assertDoesNotThrow(() -> mlp(List.of(1024, 512)).validate());
        String wide = assertThrows(ConceptSpecException.class, () -> mlp(List.of(4096)).validate()).getMessage();
        assertTrue(wide.contains("between 1 and 1024") && wide.contains("16 bytes of state per read-out dimension"),
                wide);
        String deep = assertThrows(ConceptSpecException.class, () -> mlp(List.of(1024, 1024, 1024)).validate())
                .getMessage();
        assertTrue(deep.contains("2097152 weights between hidden layers (32 MB of state per probe)"), deep);
    }
}
