package io.ontobridge.deploy.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped logging: a bad record is one line at WARN, never the registry client's stack trace. */
class LogConfigTest {
    @Test
    void anUnknownSchemaIdLogsNoStackTraceByDefault() throws Exception {
        URL url = OntobridgeCli.class.getResource("/log4j2.xml");
        assertNotNull(url);
        XmlConfiguration config;
        try (InputStream in = url.openStream()) {
            config = new XmlConfiguration(new LoggerContext("log-config-test"), new ConfigurationSource(in, url));
            config.initialize();
        }
        // The registry client logs each failed schema fetch at ERROR with its stack trace.
        Level registryCache = config.getLoggerConfig("io.apicurio.registry.resolver.cache.ERCache").getLevel();
        assertFalse(registryCache.isLessSpecificThan(Level.ERROR), "the registry cache logs at " + registryCache);
        // The dead letter's own one line (DeadLetters) stays.
        Level deadLetters = config.getLoggerConfig("io.ontobridge.platform.kafka.DeadLetters").getLevel();
        assertTrue(deadLetters.isLessSpecificThan(Level.WARN), "dead letters log at " + deadLetters);
    }
}
