package io.ontobridge.deploy.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft) broker plus a real schema registry on 127.0.0.1, for the demo,
 * {@code ontobridge up} and tests.
 *
 * <p>The broker runs in this JVM ({@link KafkaRaftServer}), so everything in the JVM shares it; only one
 * stack per JVM is sensible. The registry (Apicurio Registry, in-memory storage) runs as a child
 * {@code java} process, logging to {@code workDir/registry.log}.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** How long the registry gets to stop on SIGTERM before it is killed. */
    private static final Duration REGISTRY_GRACE = Duration.ofSeconds(10);
    private static final String LOOPBACK = "127.0.0.1";
    private static final int LOG_TAIL_LINES = 40;

    private final KafkaRaftServer broker;
    private final Process registry;
    private final Thread reaper;
    private final int brokerPort;
    private final int registryPort;
    private final Path registryLog;
    private final Duration brokerStartup;
    private final Duration registryStartup;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalStack(KafkaRaftServer broker, Process registry, Thread reaper, int brokerPort, int registryPort,
                       Path registryLog, Duration brokerStartup, Duration registryStartup) {
        this.broker = broker;
        this.registry = registry;
        this.reaper = reaper;
        this.brokerPort = brokerPort;
        this.registryPort = registryPort;
        this.registryLog = registryLog;
        this.brokerStartup = brokerStartup;
        this.registryStartup = registryStartup;
    }

    /** {@link #start(Path, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static LocalStack start(Path workDir) throws IOException, InterruptedException, TimeoutException {
        return start(workDir, DEFAULT_TIMEOUT);
    }

    /**
     * Wipes and recreates {@code workDir/kafka}, then starts the broker and the registry in parallel on free
     * loopback ports. Returns once both answer: the broker an Admin {@code describeCluster}, the registry
     * {@code GET /apis/ccompat/v7/subjects} with 200.
     *
     * @throws TimeoutException if either is not up within {@code timeout}; the message holds the tail of the
     *                          registry log
     * @throws IllegalStateException if the registry distribution is missing (see {@link RegistryDistribution})
     */
    public static LocalStack start(Path workDir, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        RegistryDistribution distribution = RegistryDistribution.locate(); // fail fast, before touching anything
        Path work = workDir.toAbsolutePath().normalize();
        Path kafkaDir = work.resolve("kafka");
        deleteRecursively(kafkaDir);
        Files.createDirectories(kafkaDir);
        Path registryLog = work.resolve("registry.log");

        int[] ports = freePorts(3);
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        int registryPort = ports[2];
        long deadline = System.nanoTime() + timeout.toNanos();
        long t0 = System.nanoTime();

        // The registry is a separate JVM: launch it first, it then boots while this JVM starts the broker.
        Process registry = launchRegistry(distribution, registryPort, work, registryLog);
        Thread reaper = new Thread(registry::destroyForcibly, "ontobridge-registry-reaper");
        Runtime.getRuntime().addShutdownHook(reaper); // safety net: no orphaned registry when this JVM exits

        AtomicReference<KafkaRaftServer> brokerRef = new AtomicReference<>();
        CompletableFuture<Duration> brokerUp = new CompletableFuture<>();
        Thread brokerStarter = new Thread(() -> {
            try {
                brokerRef.set(startBroker(kafkaDir, brokerPort, controllerPort));
                awaitBroker(brokerPort, deadline);
                brokerUp.complete(Duration.ofNanos(System.nanoTime() - t0));
            } catch (Throwable e) {
                brokerUp.completeExceptionally(e);
            }
        }, "ontobridge-broker-start");
        brokerStarter.setDaemon(true);
        brokerStarter.start();

        try {
            Duration registryStartup = awaitRegistry(registry, registryPort, registryLog, deadline, t0);
            Duration brokerStartup = awaitBrokerStart(brokerUp, deadline, registryLog);
            LOG.info("Local stack up: broker 127.0.0.1:{} in {} ms, registry port {} in {} ms",
                    brokerPort, brokerStartup.toMillis(), registryPort, registryStartup.toMillis());
            return new LocalStack(brokerRef.get(), registry, reaper, brokerPort, registryPort, registryLog,
                    brokerStartup, registryStartup);
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException | Error failure) {
            // Undo the half-started stack before reporting, so a failed start leaves no process or port behind.
            stopRegistry(registry);
            removeHook(reaper);
            brokerStarter.join(TimeUnit.SECONDS.toMillis(30)); // let a starting broker finish, then stop it
            stopBroker(brokerRef.get());
            throw failure;
        }
    }

    private static Duration awaitBrokerStart(CompletableFuture<Duration> brokerUp, long deadline, Path registryLog)
            throws IOException, InterruptedException, TimeoutException {
        try {
            return brokerUp.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw timeout("the Kafka broker did not start in time", registryLog);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException cause) {
                throw timeout(cause.getMessage(), registryLog);
            }
            throw new IOException("Kafka broker failed to start: " + e.getCause(), e.getCause());
        }
    }

    /** Broker bootstrap servers: {@code 127.0.0.1:PORT}. */
    public String bootstrap() {
        return LOOPBACK + ":" + brokerPort;
    }

    /** Confluent-compatible schema registry base URL: {@code http://127.0.0.1:N/apis/ccompat/v7}. */
    public String registryUrl() {
        return "http://" + LOOPBACK + ":" + registryPort + "/apis/ccompat/v7";
    }

    /** Apicurio's native v3 API (what the Apicurio serde wants): {@code http://127.0.0.1:N/apis/registry/v3}. */
    public String registryApiUrl() {
        return "http://" + LOOPBACK + ":" + registryPort + "/apis/registry/v3";
    }

    public int registryPort() {
        return registryPort;
    }

    public Path registryLog() {
        return registryLog;
    }

    /** Time from the start call until the broker answered. */
    public Duration brokerStartup() {
        return brokerStartup;
    }

    /** Time from the start call until the registry answered. */
    public Duration registryStartup() {
        return registryStartup;
    }

    /** Stops the registry process and the broker; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stopRegistry(registry);
        } finally {
            removeHook(reaper);
            stopBroker(broker);
        }
    }

    // ---- broker -------------------------------------------------------------------------------------------

    private static KafkaRaftServer startBroker(Path kafkaDir, int brokerPort, int controllerPort) throws IOException {
        Properties props = brokerProperties(kafkaDir, brokerPort, controllerPort);
        Path propsFile = kafkaDir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(propsFile)) {
            props.store(out, "written by LocalStack");
        }
        // KRaft needs formatted storage: the same as `kafka-storage.sh format --standalone`.
        ByteArrayOutputStream formatOut = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(formatOut, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                    "-c", propsFile.toString(), "--standalone"}, ps);
        }
        if (rc != 0) {
            throw new IOException("kafka storage format failed (" + rc + "): " + formatOut.toString(StandardCharsets.UTF_8));
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        return server;
    }

    static Properties brokerProperties(Path kafkaDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", LOOPBACK + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", kafkaDir.resolve("data").toString());
        // One node: every internal topic must have RF=1 / min.isr=1, or groups and transactions hang.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions: creating the default 50 each slows the first group / transaction.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private static void awaitBroker(int brokerPort, long deadline) throws InterruptedException, TimeoutException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LOOPBACK + ":" + brokerPort);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        Throwable last = null;
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(100);
            }
        }
        throw new TimeoutException("broker on port " + brokerPort + " did not answer describeCluster"
                + (last == null ? "" : " (last error: " + last + ")"));
    }

    private static void stopBroker(KafkaRaftServer broker) {
        if (broker == null) {
            return;
        }
        try {
            broker.shutdown();
            broker.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Broker shutdown failed", e);
        }
    }

    // ---- registry ------------------------------------------------------------------------------------------

    private static Process launchRegistry(RegistryDistribution dist, int port, Path workDir, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaExecutable(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1", // a short-lived dev server: faster start beats peak speed
                "-Dquarkus.http.host=" + LOOPBACK, // loopback only; the only port it opens
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.enabled=false", // (off by default; stated so no 0.0.0.0 port sneaks in)
                "-jar", dist.runnerJar().toString()));
        Files.deleteIfExists(log);
        return new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The {@code java} of this JVM, so the registry runs on the same (known good) runtime. */
    private static String javaExecutable() {
        Path candidate = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(candidate)) {
            return candidate.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static Duration awaitRegistry(Process registry, int port, Path log, long deadline, long t0)
            throws InterruptedException, TimeoutException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + port + "/apis/ccompat/v7/subjects"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!registry.isAlive()) {
                throw new IOException("Schema registry exited with code " + registry.exitValue()
                        + " before answering. Tail of " + log + ":\n" + tail(log));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - t0);
                }
            } catch (IOException notYet) {
                // connection refused while it boots
            }
            Thread.sleep(100);
        }
        throw timeout("schema registry did not answer on port " + port, log);
    }

    private static void stopRegistry(Process registry) {
        try {
            registry.destroy(); // SIGTERM: Quarkus shuts down cleanly
            if (!registry.waitFor(REGISTRY_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                registry.destroyForcibly();
                registry.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            registry.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting; the hook runs anyway and is harmless
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static TimeoutException timeout(String what, Path registryLog) {
        return new TimeoutException("Local stack did not start: " + what + ". Tail of " + registryLog + ":\n"
                + tail(registryLog));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Distinct free loopback ports; all held open until chosen, so they differ from each other. */
    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
                s.setReuseAddress(true);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
