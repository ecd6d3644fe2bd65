package io.ontobridge.models.encoder;

import io.ontobridge.schema.SampleInput;

import java.util.List;

/**
 * A model that turns sample inputs into the read-out of one of its internal layers: what target
 * inference runs. One result per input, in order; an input the model cannot read is rejected with a
 * reason instead of failing the batch. Not thread-safe: one per thread.
 */
public interface InputEncoder extends AutoCloseable {
    /** sha256 (hex) of the weights file: the model's identity on every record. */
    String sha256();

    /** Size of the read-out vector. */
    int dimension();

    List<Encoding> encode(List<SampleInput> inputs);

    @Override
    void close();
}
