package io.ontobridge.platform.kafka;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorTypeTest {
    @Test
    void eachCodeIsUniqueAndReadsBack() {
        Set<String> codes = new HashSet<>();
        for (ErrorType type : ErrorType.values()) {
            assertTrue(codes.add(type.wireName()), "duplicate code " + type.wireName());
            assertTrue(type.wireName().matches("[a-z]+(-[a-z]+)*"), type.wireName());
            assertEquals(type, ErrorType.fromWire(type.wireName()));
        }
        assertEquals(ErrorType.values().length, Arrays.stream(ErrorType.values()).map(ErrorType::wireName).distinct().count());
    }

    @Test
    void aDeadLetterCarriesTheWireName() {
        var letter = DeadLetters.of("trainer", ErrorType.BAD_FEATURE_VALUE, "NaN", "t", 0, 5, null, new byte[] {1}, "s");
        assertEquals("bad-feature-value", letter.getErrorType());
        assertThrows(IllegalArgumentException.class, () -> ErrorType.fromWire("no-such-code"));
    }
}
