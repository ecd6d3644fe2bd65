package io.ontobridge.platform.kafka;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Apicurio's Avro datum provider with its readers and writers found by the schema object itself. The default
 * provider keys its caches by the schema's parsing fingerprint, which it computes afresh for every record,
 * by writing out the schema's whole canonical form: for the flow's nested schemas that cost more than
 * encoding the record. Schemas come from the generated classes or the registry client's cache, so the same
 * schema is the same object, and a lookup by identity is exact.
 */
public final class CachingDatumProvider<T> extends DefaultAvroDatumProvider<T> {
    /** More distinct schema objects than this means they are not being reused: start over rather than grow. */
    private static final int MAX_SCHEMAS = 1000;

    private final Map<Identity, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<Identity, DatumReader<T>> readers = new ConcurrentHashMap<>();

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        bound(writers);
        return writers.computeIfAbsent(new Identity(schema, data instanceof org.apache.avro.specific.SpecificRecord),
                key -> super.createDatumWriter(data, schema));
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        bound(readers);
        return readers.computeIfAbsent(new Identity(schema, false), key -> super.createDatumReader(schema));
    }

    private static void bound(Map<?, ?> cache) {
        if (cache.size() > MAX_SCHEMAS) {
            cache.clear();
        }
    }

    /** A schema object by identity (and whether records are specific, which picks the writer). */
    private record Identity(Schema schema, boolean specific) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.schema == schema && that.specific == specific;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema) * 31 + (specific ? 1 : 0);
        }
    }
}
