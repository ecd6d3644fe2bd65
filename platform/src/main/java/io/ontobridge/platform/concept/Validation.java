package io.ontobridge.platform.concept;

/** Field checks shared by the spec records; each failure names the field. */
final class Validation {
    private Validation() {
    }

    static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ConceptSpecException(field + ": is required");
        }
    }

    static void range(String field, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            throw new ConceptSpecException(field + ": must be between " + min + " and " + max + ", got " + value);
        }
    }
}
