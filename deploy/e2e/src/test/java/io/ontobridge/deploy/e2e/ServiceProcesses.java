package io.ontobridge.deploy.e2e;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.TopicIo;
import io.ontobridge.schema.ProbeSnapshot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The services as separate OS processes, as they run in production, for the integration tests. */
final class ServiceProcesses {
    private static final Pattern PORT = Pattern.compile("health and metrics on port (\\d+)");

    private ServiceProcesses() {
    }

    /** A service as its own JVM, with the test's class path and the DJL offline flags; output to {@code log}. */
    static Process launch(String command, Path spec, Path settings, Path log, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                "io.ontobridge.deploy.cli.OntobridgeCli", command, "--concept", spec.toString(), "--config", settings.toString()));
        args.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder.start();
    }

    /** The port a service started with {@code --metrics-port 0} serves on, read from its log. */
    static int metricsPort(Path log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = PORT.matcher(Files.readString(log));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no metrics port in " + log);
    }

    /** The sum of a counter's series on a service's /metrics (0 when it has none yet). */
    static double counter(int port, String name) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Samples seen by each snapshot of the probes topic, in topic order. */
    static List<Long> probeSamplesSeen(ServiceSettings settings) {
        List<Long> seen = new ArrayList<>();
        TopicIo.<ProbeSnapshot>readAll(settings, settings.topics().probes(), Duration.ofSeconds(30),
                (key, snapshot) -> seen.add(snapshot.getSamplesSeen()));
        return seen;
    }
}
