package io.ontobridge.platform.config;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreflightTest {
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again when the test uses it
        }
    }

    @Test
    void anUnreachableRegistryIsOneLineNamingTheSetting() throws Exception {
        int port = closedPort();
        ServiceSettings settings = ServiceSettings.load(null, Map.of(), "127.0.0.1:9", "http://127.0.0.1:" + port + "/apis/ccompat/v7", null);
        var error = assertThrows(SettingsException.class, () -> Preflight.checkRegistry(settings));
        assertTrue(error.getMessage().startsWith("registry: cannot reach http://127.0.0.1:" + port), error.getMessage());
        assertTrue(error.getMessage().lines().count() == 1, error.getMessage());
    }

    @Test
    void anUnreachableBrokerIsOneLineNamingTheSetting() throws Exception {
        int port = closedPort();
        ServiceSettings settings = ServiceSettings.load(null, Map.of(), "127.0.0.1:" + port, "http://127.0.0.1:9", null);
        var error = assertThrows(SettingsException.class, () -> Preflight.checkKafka(settings));
        assertTrue(error.getMessage().startsWith("bootstrap: no Kafka broker answered at 127.0.0.1:" + port), error.getMessage());
    }

    @Test
    void aBootstrapHostThatDoesNotResolveIsNamed() {
        ServiceSettings settings = ServiceSettings.load(null, Map.of(), "no-such-broker.invalid:9092", "http://127.0.0.1:9", null);
        var error = assertThrows(SettingsException.class, () -> Preflight.checkKafka(settings));
        assertEquals("bootstrap: bootstrap server host no-such-broker.invalid does not resolve: check the host name in"
                + " 'no-such-broker.invalid:9092'", error.getMessage());
    }
}
