package io.ontobridge.probe;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeStatusTest {

    @Test
    void wireNamesAreTheOnesRecordsAndMetricsHaveAlwaysUsed() {
        assertEquals(List.of("warming-up", "mapped", "mapped-but-input-decodable", "partly-mapped", "lost",
                        "concept-drift"),
                Arrays.stream(ProbeStatus.values()).map(ProbeStatus::wireName).toList());
        for (ProbeStatus status : ProbeStatus.values()) {
            assertSame(status, ProbeStatus.fromWire(status.wireName()));
            assertEquals(Optional.of(status), ProbeStatus.lookup(status.wireName()));
        }
    }

    @Test
    void theMappedStatusesAndADriftFromThemAreMapped() {
        assertTrue(ProbeStatus.MAPPED.isMapped());
        assertTrue(ProbeStatus.MAPPED_BUT_INPUT_DECODABLE.isMapped());
        assertTrue(ProbeStatus.PARTLY_MAPPED.isMapped());
        assertTrue(ProbeStatus.CONCEPT_DRIFT.isMapped(), "a drift is when disagreements matter most");
        assertFalse(ProbeStatus.WARMING_UP.isMapped());
        assertFalse(ProbeStatus.LOST.isMapped());
    }

    @Test
    void anUnknownWireNameIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProbeStatus.fromWire("MAPPED"));
        assertTrue(e.getMessage().contains("'MAPPED'") && e.getMessage().contains("warming-up"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProbeStatus.fromWire(null));
        assertThrows(IllegalArgumentException.class, () -> ProbeStatus.fromWire(""));
        assertEquals(Optional.empty(), ProbeStatus.lookup("mapped "));
        assertEquals(Optional.empty(), ProbeStatus.lookup(null));
    }
}
