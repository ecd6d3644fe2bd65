package io.ontobridge.streams;

import io.ontobridge.platform.kafka.AvroSerdes;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Plain Avro binary without a registry, for topology unit tests only (integration tests use the real registry). */
public final class PlainAvroSerdes implements AvroSerdes {
    @Override
    public <T extends SpecificRecord> Serde<T> forType(Class<T> type) {
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
                new SpecificDatumWriter<T>(value.getSchema()).write(value, encoder);
                encoder.flush();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new SerializationException(e);
            }
        }, (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(data, null));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        });
    }
}
