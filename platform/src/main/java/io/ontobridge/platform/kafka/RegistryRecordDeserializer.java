package io.ontobridge.platform.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The registry serde's deserializer, with reasons a person can act on: the client libraries report a value too short
 * for the Confluent header as a {@code BufferUnderflowException} and an unknown schema id as the registry's bare
 * {@code ProblemDetails}. Every service decodes its records through this (via {@link RegistrySerdes}), so each
 * dead letter of an undecodable record says the same. The stack of a failure is logged at debug only.
 */
final class RegistryRecordDeserializer<T> implements Deserializer<T> {
    private static final Logger log = LoggerFactory.getLogger(RegistryRecordDeserializer.class);
    /** Confluent framing: the magic byte 0, then the schema id as a 4-byte big-endian int. */
    static final int HEADER_BYTES = 5;

    private final Deserializer<T> delegate;
    private final String registry;

    RegistryRecordDeserializer(Deserializer<T> delegate, String registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    /** A null value stays null (a tombstone; the caller says "empty record value"). */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        String framing = framingProblem(data);
        if (framing != null) {
            throw new SerializationException(framing);
        }
        try {
            return delegate.deserialize(topic, data);
        } catch (RuntimeException e) {
            log.debug("cannot decode a record of {}", topic, e);
            if (notInRegistry(e)) {
                SerializationException reason = new SerializationException("schema id "
                        + ByteBuffer.wrap(data, 1, 4).getInt() + " is not in the registry at " + registry);
                reason.addSuppressed(e); // the client's own failure, kept for a debugger, not for the message
                throw reason;
            }
            throw e;
        }
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Why {@code data} cannot be a schema-registry record, or null when its header looks right. */
    static String framingProblem(byte[] data) {
        if (data.length == 0) {
            return "empty record value (0 bytes)";
        }
        if (data.length < HEADER_BYTES) {
            return "not a schema-registry record: " + data.length + (data.length == 1 ? " byte" : " bytes")
                    + ", no magic byte/id";
        }
        if (data[0] != 0) {
            return String.format("not a schema-registry record: it starts with 0x%02x, not the magic byte 0", data[0]);
        }
        return null;
    }

    /** Whether the registry answered that it does not know the record's schema id (HTTP 404). */
    private static boolean notInRegistry(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.apicurio.registry.rest.client.models.ProblemDetails problem) {
                return problem.getStatus() != null && problem.getStatus() == 404;
            }
        }
        return false;
    }
}
