package io.ontobridge.producers;

import io.ontobridge.schema.ModelRef;

import java.util.List;

/**
 * Where the generator's candidates come from: inputs produced in some generative mode, each run
 * through the source model and tagged with the source feature's value. Unbounded.
 */
public interface CandidateSource extends AutoCloseable {
    /** The source model as every sample names it. */
    ModelRef sourceRef();

    /** The next batch of candidates (one source-model call). */
    List<Candidate> nextBatch();

    @Override
    void close();
}
