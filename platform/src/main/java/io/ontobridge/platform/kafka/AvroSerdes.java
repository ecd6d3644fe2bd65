package io.ontobridge.platform.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where a service gets the serde of each record type. In production this is {@link RegistrySerdes}
 * (through the schema registry); topology unit tests may supply plain Avro instead.
 */
public interface AvroSerdes {
    <T extends SpecificRecord> Serde<T> forType(Class<T> type);
}
