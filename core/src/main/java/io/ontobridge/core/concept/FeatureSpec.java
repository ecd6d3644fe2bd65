package io.ontobridge.core.concept;

import java.util.List;

/**
 * How the source feature is defined on the source layer's pooled read-out.
 *
 * <ul>
 *   <li>{@code direction}: the normalized difference of the mean read-outs of the {@code positive}
 *       and {@code negative} example sentences; a sample's value is its projection on it.</li>
 *   <li>{@code unit}: the value of one unit, {@code index}, of the read-out.</li>
 *   <li>{@code vector}: the projection on a direction read from {@code file} (numbers separated by
 *       white space or commas, one per unit), used as given.</li>
 * </ul>
 */
public record FeatureSpec(String kind, List<String> positive, List<String> negative, Integer index, String file) {
    public static final List<String> KINDS = List.of("direction", "unit", "vector");

    public FeatureSpec {
        kind = kind == null ? "direction" : kind;
        positive = positive == null ? List.of() : List.copyOf(positive);
        negative = negative == null ? List.of() : List.copyOf(negative);
    }

    void validate() {
        switch (kind) {
            case "direction" -> {
                if (positive.isEmpty() || negative.isEmpty()) {
                    throw new ConceptSpecException("feature: kind 'direction' needs at least one 'positive' and one 'negative' example");
                }
            }
            case "unit" -> {
                if (index == null || index < 0) {
                    throw new ConceptSpecException("feature.index: kind 'unit' needs a unit index >= 0");
                }
            }
            case "vector" -> Validation.require("feature.file", file);
            default -> throw new ConceptSpecException("feature.kind: '" + kind + "' is not one of " + KINDS);
        }
    }
}
