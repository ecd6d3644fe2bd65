package io.ontobridge.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Ontobridge service as its own JVM (an {@code ontobridge} subcommand) with a heap limit, the same class
 * path and the DJL offline flags, its output in a log file. Its peak resident memory is read from
 * {@code /proc} (Linux) while it runs.
 */
final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private volatile long peakRssKb = -1;
    /** Stops the process if the bench's own JVM goes first (Ctrl-C, SIGTERM), so no service outlives it. */
    private final Thread reaper;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly, "ontobridge-reaper-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * @param heapMb the JVM's heap limit in MB
     * @param profileDir where to write a Java Flight Recording of the process; null records none
     * @param args the subcommand and its options
     */
    static ServiceProcess launch(String name, int heapMb, Path logDir, Path profileDir, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-Dai.djl.offline=true"));
        // The collector the launcher gives every Ontobridge JVM (ONTOBRIDGE_GC), so services run as they would.
        String gc = System.getenv().getOrDefault("ONTOBRIDGE_GC", "-XX:+UseSerialGC");
        if (!gc.isBlank()) {
            command.addAll(List.of(gc.trim().split("\\s+")));
        }
        if (profileDir != null) {
            Files.createDirectories(profileDir);
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + profileDir.toAbsolutePath().resolve(name + ".jfr"));
        }
        // The launcher's settings for DJL, logging and the project's folders go to every child JVM.
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("ai.djl.") && !k.equals("ai.djl.offline") || k.startsWith("ontobridge.")
                        || k.equals("java.util.logging.manager"))
                .sorted()
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.ontobridge.deploy.cli.OntobridgeCli"));
        command.addAll(args);
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return new ServiceProcess(name, builder.start(), log);
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; its exit code. */
    int awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            throw new IllegalStateException(name + " did not finish within " + unit.toSeconds(timeout) + " s; see " + log);
        }
        return process.exitValue();
    }

    /** Reads the peak resident set so far (VmHWM); call it often enough to catch a process that ends by itself. */
    void samplePeak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Gone already, or not Linux: keep what was read last.
        }
    }

    /** The peak resident set in MB, or -1 where it could not be read. */
    double peakRssMb() {
        return peakRssKb < 0 ? -1 : peakRssKb / 1024.0;
    }

    /** Stops it the way Ctrl-C would (SIGTERM), and forcibly after 30 s. */
    @Override
    public void close() {
        samplePeak();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }
}
