package io.ontobridge.deploy.devtools;

import io.ontobridge.platform.config.ServiceSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo says how to see every disagreement only in a way that works once it has ended. */
class DemoShowAllTest {

    private static final String REGISTRY = "http://127.0.0.1:4567/apis/ccompat/v7";

    @Test
    void onTheLocalStackItSaysToRestartItWithItsDataFirst() {
        ServiceSettings local = new ServiceSettings("127.0.0.1:1234", REGISTRY, null, 3, Path.of("w"), Map.of());
        String hint = DemoCommand.showAll(local, "");
        assertTrue(hint.startsWith("./ontobridge up --keep restarts this stack with its data, then "
                + "./ontobridge tail --from-beginning --bootstrap 127.0.0.1:1234 --registry " + REGISTRY), hint);
        assertTrue(DemoCommand.showAll(local, " --work-dir /tmp/d").startsWith("./ontobridge up --keep --work-dir /tmp/d "));
    }

    @Test
    void onAClusterOfTheUsersOwnItTailsThatCluster() {
        ServiceSettings own = new ServiceSettings("kafka:9092", REGISTRY, "team", 3, Path.of("w"), Map.of());
        String hint = DemoCommand.showAll(own, null);
        assertEquals("./ontobridge tail --from-beginning --bootstrap kafka:9092 --registry " + REGISTRY
                + " --topic-prefix team shows them all", hint);
        assertFalse(hint.contains("up --keep"), hint);
    }
}
