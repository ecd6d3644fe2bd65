package io.ontobridge.producers.candidate;

import io.ontobridge.schema.SampleInput;

import java.util.Map;

/**
 * One input the generator may publish, with the source feature's value on it.
 *
 * @param input        what the models will see
 * @param featureValue the source feature's value (NaN when rejected)
 * @param factors      ground-truth factors where known (the shapes world), else empty
 * @param mode         how it was produced: templates, corpus, examples, world, decoder, steered, requested
 * @param rejection    why the source model could not take it, or null
 * @param sourceConcepts the source's other concepts on it (the spec's feature.catalogue), by name; may be empty
 */
public record Candidate(SampleInput input, double featureValue, Map<String, Double> factors, String mode,
                        String rejection, Map<String, Double> sourceConcepts) {
    public Candidate {
        sourceConcepts = sourceConcepts == null ? Map.of() : sourceConcepts;
    }

    /** A candidate without catalogue readings. */
    public Candidate(SampleInput input, double featureValue, Map<String, Double> factors, String mode, String rejection) {
        this(input, featureValue, factors, mode, rejection, Map.of());
    }

    public static Candidate rejected(String mode, String why) {
        return new Candidate(null, Double.NaN, Map.of(), mode, why);
    }

    public boolean ok() {
        return rejection == null;
    }
}
