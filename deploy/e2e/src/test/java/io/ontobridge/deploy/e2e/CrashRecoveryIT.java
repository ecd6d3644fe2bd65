package io.ontobridge.deploy.e2e;

import io.ontobridge.deploy.demo.RunTally;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.TopicSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each service as its own OS process on a real broker and registry; mid-stream, target inference, the
 * trainer and the monitor are each killed with SIGKILL and started again. Afterwards every generated
 * sample is scored exactly once, the probe never went back, and no disagreement was emitted twice.
 */
class CrashRecoveryIT {
    private static final Path WORK = Path.of("target", "it-crash").toAbsolutePath();
    private static final int SAMPLES = 1500;
    /** The topic prefix of the run in progress (its services' logs are named after it). */
    private static volatile String prefix;
    @RegisterExtension
    static final SharedStack stack = new SharedStack(WORK);

    private static Process launch(String command, Path spec, Path settings, String name, String... extra) throws Exception {
        return ServiceProcesses.launch(command, spec, settings, WORK.resolve(name + ".log"), extra);
    }

    /** A fault injected mid-stream, given the running services and a way to relaunch one. */
    interface Fault {
        void inject(Map<String, Process> services, RunTally tally, Topics topics, Relaunch relaunch) throws Exception;
    }

    interface Relaunch {
        Process relaunch(String service, String logName, String... extra) throws Exception;
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void servicesKilledMidStreamLoseAndDoubleNothing() throws Exception {
        runWithFault(stack.bootstrap(), (services, tally, topics, relaunch) -> {
            int round = 2;
            for (String victim : List.of("infer", "train", "monitor")) {
                long before = 150L * (round - 1);
                ItSupport.awaitTrue("scores before killing " + victim, Duration.ofMinutes(2),
                        () -> tally.distinct(topics.scores()) >= before);
                services.get(victim).destroyForcibly().waitFor();          // SIGKILL
                services.put(victim, relaunch.relaunch(victim, victim + "-" + round, "--metrics-port", "0"));
                if (victim.equals("train")) {
                    assertReadyMeansProcessing(WORK.resolve(prefix + "-" + victim + "-" + round + ".log"), tally,
                            topics.scores());
                }
                round++;
            }
        });
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void brokerRestartedMidStreamLosesAndDoublesNothing() throws Exception {
        // A broker of its own, as a separate process on fixed ports, so it can be killed and started again.
        Path kafkaDir = WORK.resolve("broker-" + UUID.randomUUID().toString().substring(0, 6));
        int[] ports = io.ontobridge.deploy.stack.SchemaRegistryProcess.freePorts(2);
        io.ontobridge.deploy.stack.LocalStack.formatBroker(kafkaDir, ports[0], ports[1]);
        Process[] broker = {startBroker(kafkaDir, "broker-1")};
        String bootstrap = "127.0.0.1:" + ports[0];
        try {
            awaitBroker(bootstrap);
            runWithFault(bootstrap, (services, tally, topics, relaunch) -> {
                ItSupport.awaitTrue("scores before the broker restart", Duration.ofMinutes(2), () -> tally.distinct(topics.scores()) >= 300);
                broker[0].destroyForcibly().waitFor();                   // SIGKILL the broker
                Thread.sleep(3000);
                broker[0] = startBroker(kafkaDir, "broker-2");
            });
        } finally {
            broker[0].destroyForcibly().waitFor();
        }
    }

    private static Process startBroker(Path kafkaDir, String logName) throws Exception {
        List<String> args = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "kafka.Kafka", kafkaDir.resolve("server.properties").toString());
        return new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(WORK.resolve(logName + ".log").toFile()).start();
    }

    private static void awaitBroker(String bootstrap) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker process did not start", e);
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Runs the four services as processes on the shapes scenario (slowed to about 100 samples/s so the fault
     * lands mid-stream), injects the fault, then checks that nothing was lost or doubled.
     */
    private static void runWithFault(String bootstrap, Fault fault) throws Exception {
        Files.createDirectories(WORK);
        String prefix = "crash" + UUID.randomUUID().toString().substring(0, 6);
        Path root = Path.of("..", "..").toAbsolutePath().normalize();
        Path spec = Files.writeString(WORK.resolve(prefix + "-shapes.yaml"), Files.readString(root.resolve("concepts/shapes.yaml"))
                .replace("../zoo/", root.resolve("zoo") + File.separator).replace("../worlds/", root.resolve("worlds") + File.separator)
                .replace("rate_per_s: 0", "rate_per_s: 100"));
        Path settingsFile = ItSupport.settingsFile(WORK, prefix, bootstrap, stack.registryUrl(), 3);
        ServiceSettings settings = ServiceSettings.load(settingsFile, Map.of(), null, null, null);
        Topics topics = settings.topics();
        TopicSetup.ensureTopics(settings);
        String runId = "run" + UUID.randomUUID().toString().substring(0, 6);

        Map<String, Process> services = new java.util.LinkedHashMap<>();
        RunTally tally = new RunTally(settings, runId, Instant.now());
        Thread tallyThread = new Thread(tally, "tally");
        tallyThread.start();
        try {
            for (String service : List.of("train", "monitor", "infer")) {
                services.put(service, launch(service, spec, settingsFile, prefix + "-" + service + "-1"));
            }
            services.put("generate", launch("generate", spec, settingsFile, prefix + "-generate", "--samples",
                    String.valueOf(SAMPLES), "--run-id", runId));
            CrashRecoveryIT.prefix = prefix;
            fault.inject(services, tally, topics, (service, logName, extra) -> launch(service, spec, settingsFile,
                    prefix + "-" + logName, extra));
            ItSupport.awaitTrue("every sample scored", Duration.ofMinutes(4), () -> tally.distinct(topics.scores()) >= SAMPLES);
            Thread.sleep(3000); // time for a duplicate to show, if exactly-once failed

            assertEquals(SAMPLES, tally.distinct(topics.samples()));
            assertEquals(SAMPLES, tally.records(topics.samples()), "no sample doubled");
            assertEquals(SAMPLES, tally.records(topics.activations()), "no activation lost or doubled");
            assertEquals(SAMPLES, tally.distinct(topics.scores()));
            assertEquals(SAMPLES, tally.records(topics.scores()), "no score doubled");
            assertEquals(tally.distinct(topics.disagreements()), tally.records(topics.disagreements()), "no disagreement twice");
            assertProbeNeverWentBack(settings, SAMPLES);
        } finally {
            services.values().forEach(Process::destroyForcibly);
            tally.close();
            tallyThread.join(10_000);
        }
    }

    /**
     * A restarted service's readiness means it is processing again: by the time /health/ready first answers 200
     * (its state restored, its first commit done), its output has grown past what it was at the restart. It
     * answered 200 two seconds after a restart while output resumed only after 33-52 s.
     */
    private static void assertReadyMeansProcessing(Path log, RunTally tally, String output) throws Exception {
        long atRestart = tally.distinct(output);
        int port = ServiceProcesses.metricsPort(log, Duration.ofMinutes(1));
        var client = java.net.http.HttpClient.newHttpClient();
        var ready = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .build();
        ItSupport.awaitTrue("the restarted service ready", Duration.ofMinutes(2), () -> {
            try {
                return client.send(ready, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        // Committed output reaches the tally's read-committed consumer within its poll: a few seconds at most.
        ItSupport.awaitTrue("output beyond the " + atRestart + " records at the restart, once ready",
                Duration.ofSeconds(5), () -> tally.distinct(output) > atRestart);
    }

    /** The probe's samples-seen count over its snapshots, in order: a restart that lost its state would go back. */
    static void assertProbeNeverWentBack(ServiceSettings settings, int samples) {
        List<Long> seen = ServiceProcesses.probeSamplesSeen(settings);
        assertTrue(seen.size() > 5, "snapshots: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "samples seen went back: " + seen);
        }
        assertEquals(samples, seen.get(seen.size() - 1));
    }
}
