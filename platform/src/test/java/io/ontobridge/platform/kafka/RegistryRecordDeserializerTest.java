package io.ontobridge.platform.kafka;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.schema.Review;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The reasons every service's dead letters give for values that are no schema-registry record. These fail before
 * the registry is asked, so none is running here; an unknown schema id is checked against a real registry in
 * {@code DeadLetterReasonsIT}.
 */
class RegistryRecordDeserializerTest {
    private final Deserializer<Review> deserializer = new RegistrySerdes(new ServiceSettings("127.0.0.1:9",
            "http://127.0.0.1:9/apis/ccompat/v7", "t", 1, Path.of("target"), Map.of())).deserializer();

    private String reason(byte[] value) {
        return DeadLetters.describe(assertThrows(SerializationException.class, () -> deserializer.deserialize("t.reviews", value)));
    }

    @Test
    void aZeroByteValueIsAnEmptyRecordValue() {
        assertEquals("empty record value (0 bytes)", reason(new byte[0]));
    }

    @Test
    void aValueTooShortForTheHeaderSaysSo() {
        assertEquals("not a schema-registry record: 3 bytes, no magic byte/id", reason(new byte[]{0, 0, 1}));
        assertEquals("not a schema-registry record: 1 byte, no magic byte/id", reason(new byte[]{0}));
    }

    @Test
    void aValueWithoutTheMagicByteSaysSo() {
        assertEquals("not a schema-registry record: it starts with 0x6e, not the magic byte 0",
                reason("not avro at all".getBytes()));
    }

    @Test
    void aNullValueStaysNullForTheCallerToName() {
        assertNull(deserializer.deserialize("t.reviews", null));
    }
}
