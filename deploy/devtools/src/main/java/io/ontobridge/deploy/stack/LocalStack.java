package io.ontobridge.deploy.stack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A real single-node Kafka (KRaft) broker plus a real schema registry on 127.0.0.1, for the demo,
 * {@code ontobridge up} and tests.
 *
 * <p>The broker runs in this JVM ({@link KafkaRaftServer}), so everything in the JVM shares it; only one
 * stack per JVM is sensible. The registry (Apicurio Registry) runs as a child {@code java} process that dies
 * with this JVM, logging to {@code workDir/registry.log}. The work folder holds, besides: {@code stack.lock}
 * (held while the stack runs: a second stack on the folder is refused), {@code ports.properties}, the broker's
 * {@code kafka/} and the registry's {@code registry-data/}; all of it outlives the stack, so a later start
 * with {@code keep} restarts it on the same ports and data.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    private static final String LOOPBACK = SchemaRegistryProcess.LOOPBACK;

    private final KafkaRaftServer broker;
    private final SchemaRegistryProcess registry;
    private final StackLock lock;
    private final int brokerPort;
    private final Duration brokerStartup;
    private final Duration registryStartup;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalStack(KafkaRaftServer broker, SchemaRegistryProcess registry, StackLock lock, int brokerPort,
                       Duration brokerStartup, Duration registryStartup) {
        this.broker = broker;
        this.registry = registry;
        this.lock = lock;
        this.brokerPort = brokerPort;
        this.brokerStartup = brokerStartup;
        this.registryStartup = registryStartup;
    }

    /** A fresh stack: {@link #start(Path, Duration, boolean)} with {@link #DEFAULT_TIMEOUT}, not kept. */
    public static LocalStack start(Path workDir) throws IOException, InterruptedException, TimeoutException {
        return start(workDir, DEFAULT_TIMEOUT, false);
    }

    /** A fresh stack: {@link #start(Path, Duration, boolean)}, not kept. */
    public static LocalStack start(Path workDir, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        return start(workDir, timeout, false);
    }

    /**
     * Takes the work folder's lock, then starts the broker and the registry in parallel. Fresh (not
     * {@code keep}): wipes the broker's and the registry's data and picks free loopback ports. {@code keep}:
     * restarts the stack that last came up in {@code workDir}, on its ports and data. Returns once both answer:
     * the broker an Admin {@code describeCluster}, the registry {@code GET /apis/ccompat/v7/subjects} with 200.
     *
     * @throws TimeoutException if either is not up within {@code timeout}; the message holds the tail of the
     *                          registry log
     * @throws IllegalStateException if another stack runs on {@code workDir} (nothing is touched then), if
     *                               {@code keep} finds no stack there or one of its ports taken, or if the
     *                               registry distribution is missing (see {@link RegistryDistribution})
     */
    public static LocalStack start(Path workDir, Duration timeout, boolean keep)
            throws IOException, InterruptedException, TimeoutException {
        RegistryDistribution.locate(); // fail fast, before touching anything
        Path work = workDir.toAbsolutePath().normalize();
        StackLock lock = StackLock.take(work); // before touching anything: the folder may be a running stack's
        try {
            return start(work, timeout, keep, lock);
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException | Error failure) {
            lock.close();
            throw failure;
        }
    }

    private static LocalStack start(Path work, Duration timeout, boolean keep, StackLock lock)
            throws IOException, InterruptedException, TimeoutException {
        Path kafkaDir = work.resolve("kafka");
        Path registryData = work.resolve("registry-data");
        StackPorts ports;
        if (keep) {
            ports = StackPorts.kept(work);
            if (!Files.isRegularFile(kafkaDir.resolve("data").resolve("meta.properties"))) {
                throw new IllegalStateException("no broker data to keep in " + kafkaDir
                        + ": start a fresh stack without --keep");
            }
        } else {
            // Not kept until it came up: a start that fails half-way leaves nothing for --keep to restart.
            Files.deleteIfExists(work.resolve(StackPorts.FILE));
            deleteTree(kafkaDir);
            deleteTree(registryData);
            ports = StackPorts.fresh();
        }
        int brokerPort = ports.broker();
        long deadline = System.nanoTime() + timeout.toNanos();
        long t0 = System.nanoTime();

        // The registry is a separate JVM: launch it first, it then boots while this JVM starts the broker.
        SchemaRegistryProcess registry = SchemaRegistryProcess.launch(work, ports.registry(), registryData);

        AtomicReference<KafkaRaftServer> brokerRef = new AtomicReference<>();
        CompletableFuture<Duration> brokerUp = new CompletableFuture<>();
        Thread brokerStarter = new Thread(() -> {
            try {
                brokerRef.set(startBroker(kafkaDir, brokerPort, ports.controller(), keep));
                awaitBroker(brokerPort, deadline);
                brokerUp.complete(Duration.ofNanos(System.nanoTime() - t0));
            } catch (Throwable e) {
                brokerUp.completeExceptionally(e);
            }
        }, "ontobridge-broker-start");
        brokerStarter.setDaemon(true);
        brokerStarter.start();

        try {
            Duration registryStartup = registry.awaitReady(deadline);
            Duration brokerStartup = awaitBrokerStart(brokerUp, deadline, registry);
            ports.write(work);
            LOG.info("Local stack up{}: broker 127.0.0.1:{} in {} ms, registry port {} in {} ms", keep ? " (kept)" : "",
                    brokerPort, brokerStartup.toMillis(), registry.port(), registryStartup.toMillis());
            return new LocalStack(brokerRef.get(), registry, lock, brokerPort, brokerStartup, registryStartup);
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException | Error failure) {
            // Undo the half-started stack before reporting, so a failed start leaves no process or port behind.
            registry.close();
            brokerStarter.join(TimeUnit.SECONDS.toMillis(30)); // let a starting broker finish, then stop it
            stopBroker(brokerRef.get());
            throw failure;
        }
    }

    private static Duration awaitBrokerStart(CompletableFuture<Duration> brokerUp, long deadline,
                                             SchemaRegistryProcess registry)
            throws IOException, InterruptedException, TimeoutException {
        try {
            return brokerUp.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw timeout("the Kafka broker did not start in time", registry);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException cause) {
                throw timeout(cause.getMessage(), registry);
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
        return registry.url();
    }

    /** Apicurio's native v3 API (what the Apicurio serde wants): {@code http://127.0.0.1:N/apis/registry/v3}. */
    public String registryApiUrl() {
        return registry.apiUrl();
    }

    public int registryPort() {
        return registry.port();
    }

    public Path registryLog() {
        return registry.log();
    }

    /** Time from the start call until the broker answered. */
    public Duration brokerStartup() {
        return brokerStartup;
    }

    /** Time from the start call until the registry answered. */
    public Duration registryStartup() {
        return registryStartup;
    }

    /** Stops the registry process and the broker, then frees the work folder; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            registry.close();
        } finally {
            stopBroker(broker);
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("Releasing the work folder's lock failed (the OS frees it when this JVM exits)", e);
            }
        }
    }

    // ---- broker -------------------------------------------------------------------------------------------

    private static KafkaRaftServer startBroker(Path kafkaDir, int brokerPort, int controllerPort, boolean keep)
            throws IOException {
        Properties props = keep
                ? brokerProperties(kafkaDir, brokerPort, controllerPort) // the ones its storage was formatted with
                : formatBroker(kafkaDir, brokerPort, controllerPort);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        return server;
    }

    /**
     * Writes {@code kafkaDir/server.properties} for a single-node KRaft broker on the given loopback ports and
     * formats its storage: after this, {@code kafka.Kafka server.properties} (or an in-process server) starts it.
     */
    public static Properties formatBroker(Path kafkaDir, int brokerPort, int controllerPort) throws IOException {
        Files.createDirectories(kafkaDir);
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
        return props;
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

    // ---- helpers -------------------------------------------------------------------------------------------

    private static TimeoutException timeout(String what, SchemaRegistryProcess registry) {
        return new TimeoutException("Local stack did not start: " + what + ". Tail of " + registry.log() + ":\n"
                + registry.logTail());
    }

    /** Deletes a folder and everything in it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
