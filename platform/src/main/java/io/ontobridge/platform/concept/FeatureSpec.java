package io.ontobridge.platform.concept;

import java.util.List;

/**
 * How the source feature is defined on the source layer's read-out.
 *
 * <ul>
 *   <li>{@code direction}: the normalized difference of the mean read-outs of positive and negative
 *       examples; a sample's value is its projection on it. Text: the {@code positive} and
 *       {@code negative} sentences. Image: {@code examples} world scenes, positive where the 0/1
 *       ground-truth {@code factor} is 1 (e.g. {@code is_triangle}); with {@code whiten}, the Fisher
 *       direction (the difference whitened by the within-group covariance), which ignores what the two
 *       groups share.</li>
 *   <li>{@code unit}: the value of one unit of the read-out: {@code index}, or for a zoo model the unit
 *       that its introspection found for {@code factor} (e.g. {@code size}).</li>
 *   <li>{@code vector}: the projection on a direction read from {@code file} (numbers separated by
 *       white space or commas, one per unit), used as given.</li>
 * </ul>
 * {@code factor}, where given, also names the ground-truth factor the concept tracks, against which
 * the source feature and the probe are both checked.
 *
 * <p>{@code catalogue}: the source model's other concepts, read off the same layer and carried on every sample,
 * so that a group of disagreements can be described in them (image sources; see {@link CatalogueEntry}).
 */
public record FeatureSpec(String kind, List<String> positive, List<String> negative, Integer index, String file,
                          String factor, Integer examples, Boolean whiten, List<CatalogueEntry> catalogue) {
    public static final List<String> KINDS = List.of("direction", "unit", "vector");

    public FeatureSpec {
        kind = kind == null ? "direction" : kind;
        positive = positive == null ? List.of() : List.copyOf(positive);
        negative = negative == null ? List.of() : List.copyOf(negative);
        examples = examples == null ? 2000 : examples;
        whiten = whiten != null && whiten;
        catalogue = catalogue == null ? List.of() : List.copyOf(catalogue);
    }

    /**
     * One of the source's other concepts: {@code index}, one unit of the read-out, or {@code factor}, the source's
     * least-squares reading of a world factor (a ridge fit of the factor on the read-outs of the feature's
     * {@code examples} world scenes, as the feature's own direction is fitted).
     *
     * @param name   how descriptions name it
     * @param factor a world factor to fit a reading of, or null
     * @param index  a unit of the read-out, or null
     */
    public record CatalogueEntry(String name, String factor, Integer index) {
        void validate(int position) {
            String at = "feature.catalogue[" + position + "]";
            Validation.require(at + ".name", name);
            if ((factor == null) == (index == null)) {
                throw new ConceptSpecException(at + ": give exactly one of 'factor' (a world factor the source's"
                        + " reading is fitted to) or 'index' (a unit of the read-out)");
            }
            if (index != null && index < 0) {
                throw new ConceptSpecException(at + ".index: must be >= 0, got " + index);
            }
        }
    }

    /**
     * A text direction's example sentences, positive then negative: what generator mode {@code examples}
     * draws. Empty unless the feature is a direction with both.
     */
    public List<String> exampleSentences() {
        if (!kind.equals("direction") || positive.isEmpty() || negative.isEmpty()) {
            return List.of();
        }
        List<String> all = new java.util.ArrayList<>(positive);
        all.addAll(negative);
        return List.copyOf(all);
    }

    void validate() {
        switch (kind) {
            case "direction" -> {
                if (factor == null && (positive.isEmpty() || negative.isEmpty())) {
                    throw new ConceptSpecException("feature: kind 'direction' needs at least one 'positive' and one 'negative' example, or a 0/1 'factor' of the world");
                }
                Validation.range("feature.examples", examples, 10, 1_000_000);
            }
            case "unit" -> {
                if ((index == null || index < 0) && factor == null) {
                    throw new ConceptSpecException("feature.index: kind 'unit' needs a unit index >= 0 or a 'factor' whose unit the source's introspection found");
                }
            }
            case "vector" -> Validation.require("feature.file", file);
            default -> throw new ConceptSpecException("feature.kind: '" + kind + "' is not one of " + KINDS);
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < catalogue.size(); i++) {
            catalogue.get(i).validate(i);
            if (!names.add(catalogue.get(i).name())) {
                throw new ConceptSpecException("feature.catalogue[" + i + "].name: '" + catalogue.get(i).name()
                        + "' is named twice");
            }
        }
    }
}
