package io.ontobridge.deploy.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A configured password never reaches the log output or the error line, even with every logger at DEBUG. */
class SecretsInLogsTest {
    private static final String PASSWORD = "hunter2-very-secret";

    @TempDir
    Path dir;

    @Test
    void aConfiguredPasswordNeverReachesTheLogs() throws Exception {
        Path settings = Files.writeString(dir.resolve("settings.properties"), String.join("\n",
                "bootstrap=127.0.0.1:9",
                "registry=http://127.0.0.1:9/apis/ccompat/v7",
                "kafka.security.protocol=SASL_PLAINTEXT",
                "kafka.sasl.mechanism=PLAIN",
                "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"ob\" password=\""
                        + PASSWORD + "\";",
                "kafka.ssl.truststore.password=" + PASSWORD,
                ""));

        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        StringWriter captured = new StringWriter();
        WriterAppender appender = WriterAppender.newBuilder().setName("capture").setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %logger %msg %throwable%n").build()).build();
        appender.start();
        config.addAppender(appender);
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.addAppender(appender, Level.ALL, null);
            logger.setLevel(Level.DEBUG);
        }
        context.updateLoggers();

        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = OntobridgeCli.run("tail", "--config", settings.toString());
        } finally {
            System.setErr(originalErr);
            for (LoggerConfig logger : config.getLoggers().values()) {
                logger.removeAppender("capture");
            }
            appender.stop();
            context.reconfigure();
        }
        String logs = captured.toString();
        assertEquals(1, code);
        assertTrue(logs.contains("sasl.jaas.config"), "the Kafka client logged its settings at DEBUG: the test saw them");
        assertFalse(logs.contains(PASSWORD), "the password is in the logs");
        assertFalse(err.toString(StandardCharsets.UTF_8).contains(PASSWORD), "the password is in the error output");
    }
}
