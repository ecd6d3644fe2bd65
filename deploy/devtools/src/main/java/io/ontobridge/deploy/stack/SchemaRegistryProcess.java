package io.ontobridge.deploy.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real schema registry (Apicurio Registry, in memory or kept in a folder) as a child {@code java} process on
 * a 127.0.0.1 port, logging to a file, that dies with this JVM. It serves the Confluent-compatible API that
 * Ontobridge's records are written through. Used by the local stack and by integration tests.
 */
public final class SchemaRegistryProcess implements AutoCloseable {
    static final String LOOPBACK = "127.0.0.1";
    /** How long the registry gets to stop on SIGTERM before it is killed. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;

    private final Process process;
    private final Thread reaper;
    private final int port;
    private final Path log;
    private final long launchedAt = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SchemaRegistryProcess(Process process, Thread reaper, int port, Path log) {
        this.process = process;
        this.reaper = reaper;
        this.port = port;
        this.log = log;
    }

    /**
     * Launches the registry with in-memory storage on a free port (it boots in the background; see
     * {@link #awaitReady}). Its log is {@code workDir/registry.log}.
     */
    public static SchemaRegistryProcess launch(Path workDir) throws IOException {
        return launch(workDir, freePorts(1)[0], null);
    }

    /**
     * Launches the registry on {@code port}; with {@code storageDir}, its schemas are kept in an H2 database
     * file there (so a restart on the same folder knows every schema id the topics' records carry), else in
     * memory. It exits when this JVM does, however this JVM ends (see {@link ExitWithParent}).
     */
    public static SchemaRegistryProcess launch(Path workDir, int port, Path storageDir) throws IOException {
        RegistryDistribution distribution = RegistryDistribution.locate();
        Files.createDirectories(workDir);
        Path log = workDir.resolve("registry.log");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1", // a short-lived dev server: faster start beats peak speed
                "-Dquarkus.http.host=" + LOOPBACK, // loopback only; the only port it opens
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.enabled=false")); // (off by default; stated so no 0.0.0.0 port sneaks in)
        if (storageDir != null) {
            Files.createDirectories(storageDir);
            // WRITE_DELAY=0: a schema is on disk once registered, so a SIGKILLed stack restarts knowing it.
            command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + storageDir.toAbsolutePath().resolve("registry")
                    + ";WRITE_DELAY=0");
        }
        // Not -jar: the entry point watches stdin, a pipe from this JVM, and exits when it closes.
        command.addAll(List.of("-cp", codeSource(ExitWithParent.class) + File.pathSeparator + distribution.runnerJar(),
                ExitWithParent.class.getName(), distribution.mainClass()));
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE) // kept open, never written: see ExitWithParent
                .start();
        // Stops it at once when this JVM exits without close(); a SIGKILLed JVM closes the pipe instead.
        Thread reaper = new Thread(process::destroyForcibly, "ontobridge-registry-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        return new SchemaRegistryProcess(process, reaper, port, log);
    }

    /** The jar or classes folder a class was loaded from. */
    private static String codeSource(Class<?> type) throws IOException {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot tell where " + type.getName() + " was loaded from: " + e, e);
        }
    }

    /** Blocks until the registry answers {@code GET /apis/ccompat/v7/subjects}; returns the time since launch. */
    public Duration awaitReady(long deadlineNanos) throws IOException, InterruptedException, TimeoutException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadlineNanos) {
            if (!process.isAlive()) {
                throw new IOException("Schema registry exited with code " + process.exitValue()
                        + " before answering. Tail of " + log + ":\n" + logTail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - launchedAt);
                }
            } catch (IOException notYet) {
                // connection refused while it boots
            }
            Thread.sleep(100);
        }
        throw new TimeoutException("schema registry did not answer on port " + port + ". Tail of " + log + ":\n" + logTail());
    }

    /** Confluent-compatible base URL: {@code http://127.0.0.1:N/apis/ccompat/v7}. */
    public String url() {
        return "http://" + LOOPBACK + ":" + port + "/apis/ccompat/v7";
    }

    /** Apicurio's native v3 API (what the Apicurio serde talks to): {@code http://127.0.0.1:N/apis/registry/v3}. */
    public String apiUrl() {
        return "http://" + LOOPBACK + ":" + port + "/apis/registry/v3";
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** The last lines of the registry's log, for error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM (Quarkus shuts down cleanly), then a kill after a grace period; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            process.destroy();
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting; the hook runs anyway and is harmless
            }
        }
    }

    /** The {@code java} of this JVM, so the registry runs on the same (known good) runtime. */
    private static String javaExecutable() {
        Path candidate = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(candidate)) {
            return candidate.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Distinct free loopback ports; all held open until chosen, so they differ from each other. */
    public static int[] freePorts(int n) throws IOException {
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
}
