package io.ontobridge.producers.candidate;

import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.RequestExample;

import java.util.List;
import java.util.Map;

/**
 * Where the generator's candidates come from: inputs produced in some generative mode, each run
 * through the source model and tagged with the source feature's value. Unbounded.
 */
public interface CandidateSource extends AutoCloseable {
    /** The source model as every sample names it. */
    ModelRef sourceRef();

    /** The next batch of candidates (one source-model call). */
    List<Candidate> nextBatch();

    /**
     * {@code count} candidates drawn near the examples (taken in turn): active sampling around a
     * disagreement group. Their mode is {@value #REQUESTED}.
     */
    List<Candidate> nearBatch(List<RequestExample> examples, int count);

    /**
     * Inputs of the source left out before any was drawn, by reason ({@code blank}, {@code too_long}):
     * corpus lines the source model could never take. Empty where nothing was left out.
     */
    default Map<String, Long> skippedInputs() {
        return Map.of();
    }

    /** The generator mode of candidates drawn near a requested example. */
    String REQUESTED = "requested";

    @Override
    void close();
}
