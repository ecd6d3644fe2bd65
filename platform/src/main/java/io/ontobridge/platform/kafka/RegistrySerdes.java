package io.ontobridge.platform.kafka;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.SettingsException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Serializers for the Avro records on every topic, written through a schema registry in the
 * Confluent wire format (magic byte 0, 4-byte schema id, Avro binary).
 *
 * <p>The serializer classes are configuration ({@code value.serializer} / {@code value.deserializer}
 * among the Kafka settings), so a user with another registry-compatible serde can switch. The default
 * is Apicurio's Avro serde, set up to write Confluent-framed records whose ids the registry's
 * Confluent-compatible API resolves. Both Apicurio's and Confluent's setting names are filled in.
 */
public final class RegistrySerdes implements AvroSerdes {
    public static final String DEFAULT_SERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaSerializer";
    public static final String DEFAULT_DESERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaDeserializer";
    private static final String CCOMPAT_SUFFIX = "/apis/ccompat/v7";

    private final ServiceSettings settings;

    public RegistrySerdes(ServiceSettings settings) {
        this.settings = settings;
    }

    public <T extends SpecificRecord> Serializer<T> serializer() {
        Serializer<T> serializer = instantiate(settings.kafka().getOrDefault("value.serializer", DEFAULT_SERIALIZER));
        serializer.configure(serdeConfig(), false);
        return serializer;
    }

    /** The deserializer of every topic; an undecodable value fails with a reason (see {@link RegistryRecordDeserializer}). */
    public <T extends SpecificRecord> Deserializer<T> deserializer() {
        Deserializer<T> deserializer = new RegistryRecordDeserializer<>(
                instantiate(settings.kafka().getOrDefault("value.deserializer", DEFAULT_DESERIALIZER)), settings.registry());
        deserializer.configure(serdeConfig(), false);
        return deserializer;
    }

    @Override
    public <T extends SpecificRecord> Serde<T> forType(Class<T> type) {
        return Serdes.serdeFrom(serializer(), deserializer());
    }

    /** The registry settings for both Apicurio's and Confluent's serdes, then the user's own, which win. */
    Map<String, Object> serdeConfig() {
        String registry = settings.registry().replaceAll("/+$", "");
        Map<String, Object> config = new HashMap<>();
        // Apicurio's serde talks to the registry's native API, next to the Confluent-compatible one.
        config.put("apicurio.registry.url", registry.endsWith(CCOMPAT_SUFFIX)
                ? registry.substring(0, registry.length() - CCOMPAT_SUFFIX.length()) + "/apis/registry/v3" : registry);
        config.put("apicurio.registry.auto-register", "true");
        // contentId is the id the Confluent-compatible API serves, so other clients resolve it.
        config.put("apicurio.registry.use-id", "contentId");
        // The id travels in the payload (Confluent framing), not in headers.
        config.put("apicurio.registry.headers.enabled", "false");
        // Register each schema whole, nested records inline, not as separate referenced artifacts:
        // a subscriber then decodes with the one schema it fetches by id.
        config.put("apicurio.registry.dereference-schema", "true");
        config.put("apicurio.registry.use-specific-avro-reader", "true");
        // Readers and writers looked up by schema object, not by a fingerprint computed for every record.
        config.put("apicurio.registry.avro-datum-provider", CachingDatumProvider.class.getName());
        config.put("schema.registry.url", registry);
        config.put("specific.avro.reader", "true");
        config.putAll(settings.kafka());
        return config;
    }

    @SuppressWarnings("unchecked")
    private static <S> S instantiate(String className) {
        try {
            return (S) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new SettingsException("kafka serde class '" + className + "' is not on the class path");
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new SettingsException("kafka serde class '" + className + "' cannot be created: " + e);
        }
    }
}
