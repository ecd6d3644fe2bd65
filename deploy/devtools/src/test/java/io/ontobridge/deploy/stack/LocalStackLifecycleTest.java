package io.ontobridge.deploy.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stack's life across processes, as {@code up} lives it: a stack in a JVM of its own keeps its work folder
 * from a second one, its registry dies with it when that JVM is SIGKILLed, and {@code keep} brings it back on
 * the same ports with its topics and schemas. One flow, so the registry and broker start twice, not six times.
 */
class LocalStackLifecycleTest {

    private static final String TOPIC = "kept-topic";

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void lockedWhileRunningDiesWithItsJvmAndKeepsItsData(@TempDir Path work) throws Exception {
        Process parent = startStackInChildJvm(work);
        try {
            String bootstrap = awaitLine(parent, work.resolve("child.out"), "bootstrap=");
            String registry = awaitLine(parent, work.resolve("child.out"), "registry=");
            createTopic(bootstrap);
            registerSchema(registry);
            List<Path> brokerFilesBefore = files(work.resolve("kafka"));
            Path meta = work.resolve("kafka/data/meta.properties");
            String clusterBefore = Files.readString(meta);

            // (a) a second stack on the folder is refused, whether fresh or kept, and touches nothing
            for (boolean keep : new boolean[] {false, true}) {
                StackLock.StackInUseException refused = assertThrows(StackLock.StackInUseException.class,
                        () -> LocalStack.start(work, Duration.ofSeconds(60), keep));
                assertTrue(refused.getMessage().contains(work.toString()), refused.getMessage());
                assertTrue(refused.getMessage().contains("pid " + parent.pid()), refused.getMessage());
                assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
            }
            assertTrue(files(work.resolve("kafka")).containsAll(brokerFilesBefore), "the running broker's files went");
            assertEquals(clusterBefore, Files.readString(meta), "the running broker's storage was formatted again");
            assertTrue(topics(bootstrap).contains(TOPIC), "the running broker lost its topic");

            // (c) SIGKILL the stack's JVM: its registry goes with it
            ProcessHandle registryProcess = parent.toHandle().children().findFirst()
                    .orElseThrow(() -> new AssertionError("the stack's JVM has no registry child"));
            int registryPort = port(registry);
            parent.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
            registryProcess.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(registryProcess.isAlive(), "the registry outlived its parent");
            assertThrows(IOException.class, () -> connect(registryPort), "the registry's port still answers");

            // (b) keep: the same ports, the topic and the schema still there
            try (LocalStack kept = LocalStack.start(work, Duration.ofSeconds(120), true)) {
                assertEquals(bootstrap, kept.bootstrap());
                assertEquals(registry, kept.registryUrl());
                assertTrue(topics(kept.bootstrap()).contains(TOPIC), "the kept broker lost the topic");
                assertTrue(subjects(kept.registryUrl()).contains("kept-value"), "the kept registry lost the schema");
            }
        } finally {
            parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            System.out.println("the stack JVM's output:\n" + tail(work.resolve("child.out")));
        }
    }

    @Test
    void keepWithoutAStackSaysToStartOneFirst(@TempDir Path work) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalStack.start(work, Duration.ofSeconds(30), true));
        assertTrue(e.getMessage().contains("without --keep"), e.getMessage());
        assertFalse(Files.exists(work.resolve("kafka")), "a refused --keep created broker data");
    }

    private static Process startStackInChildJvm(Path work) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-D" + RegistryDistribution.PROPERTY + "=" + RegistryDistribution.locate().home(),
                "-cp", System.getProperty("java.class.path"), StackInChildJvm.class.getName(), work.toString());
        Files.createDirectories(work);
        // Output to a file: a pipe nobody reads would fill and stall the stack's JVM. Stdin stays a pipe from here.
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("child.out").toFile())
                .start();
    }

    /** The value of the first line of {@code out} that starts with {@code prefix}, once the child printed it. */
    private static String awaitLine(Process child, Path out, String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
            if (!child.isAlive()) {
                throw new AssertionError("the stack's JVM ended before printing " + prefix);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the stack's JVM printed no " + prefix + " in time");
    }

    private static void createTopic(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Set<String> topics(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static void registerSchema(String registryUrl) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(registryUrl + "/subjects/kept-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static String subjects(String registryUrl) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registryUrl + "/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
    }

    /** Every regular file under {@code dir}, sorted (the broker's data as a listing). */
    private static List<Path> files(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
