package io.ontobridge.deploy.e2e;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.Review;
import io.ontobridge.schema.Verdict;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a dead letter says of a record the real registry cannot decode: the schema id and the registry. */
class DeadLetterReasonsIT {
    private static final Path WORK = Path.of("target", "it-dead-letter-reasons").toAbsolutePath();
    @RegisterExtension
    static final SharedStack stack = new SharedStack(WORK);

    @Test
    void anUnknownSchemaIdIsNamedWithTheRegistry() {
        ServiceSettings settings = new ServiceSettings(stack.bootstrap(), stack.registryUrl(), "reasons", 1, WORK, Map.of());
        RegistrySerdes serdes = new RegistrySerdes(settings);
        Deserializer<Review> deserializer = serdes.deserializer();
        Review review = Review.newBuilder().setSampleId("s").setConcept("c")
                .setTarget(new ModelRef("m", "1", "0".repeat(64), "l")).setProbeVersion(1).setVerdict(Verdict.AMBIGUOUS)
                .setReviewer("it").setReviewedAt(Instant.ofEpochMilli(1)).build();
        assertEquals(review, deserializer.deserialize("reasons.reviews", serdes.<Review>serializer().serialize("reasons.reviews", review)),
                "a record the registry knows decodes as before");

        byte[] unknownId = {0, 0, 0, 0x30, 0x39, 2, 4, 6}; // schema id 12345
        var error = assertThrows(SerializationException.class, () -> deserializer.deserialize("reasons.reviews", unknownId));
        assertEquals("schema id 12345 is not in the registry at " + stack.registryUrl(), DeadLetters.describe(error));
    }
}
