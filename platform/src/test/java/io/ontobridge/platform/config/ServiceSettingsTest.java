package io.ontobridge.platform.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceSettingsTest {
    @TempDir
    Path dir;

    @Test
    void fileThenEnvironmentThenFlags() throws IOException {
        Path file = dir.resolve("settings.yaml");
        Files.writeString(file, """
                bootstrap: file:9092
                registry: http://file:8080/apis/ccompat/v7
                topic_prefix: fromfile
                partitions: 6
                kafka:
                  security.protocol: SASL_SSL
                  sasl.mechanism: SCRAM-SHA-512
                """);
        ServiceSettings fromFile = ServiceSettings.load(file, Map.of(), null, null, null);
        assertEquals("file:9092", fromFile.bootstrap());
        assertEquals("fromfile", fromFile.topicPrefix());
        assertEquals(6, fromFile.partitions());
        assertEquals("SASL_SSL", fromFile.clientProperties().get("security.protocol"));
        assertEquals("file:9092", fromFile.clientProperties().get("bootstrap.servers"));

        ServiceSettings withEnv = ServiceSettings.load(file, Map.of("ONTOBRIDGE_BOOTSTRAP", "env:9092",
                "ONTOBRIDGE_KAFKA_SASL_MECHANISM", "PLAIN"), null, null, null);
        assertEquals("env:9092", withEnv.bootstrap());
        assertEquals("PLAIN", withEnv.kafka().get("sasl.mechanism"));

        ServiceSettings withFlags = ServiceSettings.load(file, Map.of("ONTOBRIDGE_BOOTSTRAP", "env:9092"), "flag:9092", null, "p");
        assertEquals("flag:9092", withFlags.bootstrap());
        assertEquals("p", withFlags.topics().prefix());
        assertEquals("p.samples", withFlags.topics().samples());
    }

    @Test
    void missingOrBadSettingsAreNamed() throws IOException {
        var noBootstrap = assertThrows(SettingsException.class, () -> ServiceSettings.load(null, Map.of(), null, "http://r", null));
        assertTrue(noBootstrap.getMessage().startsWith("bootstrap: is required"));
        var badRegistry = assertThrows(SettingsException.class, () -> ServiceSettings.load(null, Map.of(), "b:1", "r:8080", null));
        assertTrue(badRegistry.getMessage().contains("registry: 'r:8080' is not an http(s) URL"));
        Path props = dir.resolve("s.properties");
        Files.writeString(props, "bootstrap=b:1\nregistry=http://r\npartitions=many\n");
        var badPartitions = assertThrows(SettingsException.class, () -> ServiceSettings.load(props, Map.of(), null, null, null));
        assertTrue(badPartitions.getMessage().contains("partitions: 'many'"));
    }

    @Test
    void secretsNeverAppearInTheTextForm() {
        ServiceSettings settings = ServiceSettings.load(null, Map.of(
                "ONTOBRIDGE_KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required username=\"u\" password=\"hunter2\";",
                "ONTOBRIDGE_KAFKA_SSL_KEYSTORE_PASSWORD", "hunter3"), "b:1", "http://r", null);
        assertFalse(settings.toString().contains("hunter2"), settings.toString());
        assertFalse(settings.toString().contains("hunter3"), settings.toString());
        assertTrue(settings.toString().contains("sasl.jaas.config=******"));
    }
}
