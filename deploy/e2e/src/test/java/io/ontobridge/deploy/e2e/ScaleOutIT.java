package io.ontobridge.deploy.e2e;

import io.ontobridge.deploy.demo.RunTally;
import io.ontobridge.deploy.stack.SchemaRegistryProcess;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.TopicSetup;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out on a three-broker cluster with six partitions: two instances of target inference and two of the trainer,
 * each its own process. Both inference instances share the samples; one trainer instance owns the probe (its key is
 * one partition). Mid-stream one inference instance and the trainer instance doing the work are killed with SIGKILL:
 * the survivors take their work over, and every sample is still activated and scored exactly once.
 */
class ScaleOutIT {
    private static final Path WORK = Path.of("target", "it-scale").toAbsolutePath();
    private static final int SAMPLES = 3000;
    private static final Duration START = Duration.ofMinutes(2);
    private static KafkaClusterTestKit cluster;
    private static SchemaRegistryProcess registry;

    @BeforeAll
    static void start() throws Exception {
        cluster = ItSupport.threeNodeCluster();
        registry = SchemaRegistryProcess.launch(WORK.resolve("registry"));
        registry.awaitReady(System.nanoTime() + TimeUnit.SECONDS.toNanos(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void twoInstancesShareTheWorkAndASurvivorTakesOverExactlyOnce() throws Exception {
        String prefix = "scale" + UUID.randomUUID().toString().substring(0, 6);
        Path spec = ItSupport.shapesSpec(WORK, prefix + "-shapes", yaml -> yaml.replace("rate_per_s: 0", "rate_per_s: 150"))
                .baseDir().resolve(prefix + "-shapes.yaml");
        Path settingsFile = ItSupport.settingsFile(WORK, prefix, cluster.bootstrapServers(), registry.url(), 6);
        ServiceSettings settings = ServiceSettings.load(settingsFile, Map.of(), null, null, null);
        Topics topics = settings.topics();
        TopicSetup.ensureTopics(settings);
        String runId = "run" + UUID.randomUUID().toString().substring(0, 6);

        Map<String, Process> services = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        RunTally tally = new RunTally(settings, runId, Instant.now());
        Thread tallyThread = new Thread(tally, "tally");
        tallyThread.start();
        try {
            for (String name : List.of("train-1", "train-2", "monitor-1", "infer-1", "infer-2")) {
                String command = name.substring(0, name.indexOf('-'));
                Path log = WORK.resolve(prefix + "-" + name + ".log");
                // Each instance its own work folder (Streams state), as each pod has.
                Path own = Files.writeString(WORK.resolve(prefix + "-" + name + ".properties"),
                        Files.readString(settingsFile).replace("work.dir=" + WORK.resolve("work"),
                                "work.dir=" + WORK.resolve("work-" + prefix + "-" + name)));
                services.put(name, command.equals("infer")
                        ? ServiceProcesses.launch(command, spec, own, log, "--metrics-port", "0", "--instance", name)
                        : ServiceProcesses.launch(command, spec, own, log, "--metrics-port", "0"));
            }
            for (String name : services.keySet()) {
                ports.put(name, ServiceProcesses.metricsPort(WORK.resolve(prefix + "-" + name + ".log"), START));
            }
            services.put("generate", ServiceProcesses.launch("generate", spec, settingsFile,
                    WORK.resolve(prefix + "-generate.log"), "--samples", String.valueOf(SAMPLES), "--run-id", runId));
            ItSupport.awaitTrue("a third of the samples scored", START, () -> tally.distinct(topics.scores()) >= SAMPLES / 3);

            // Both inference instances work (the samples' six partitions are shared); one trainer owns the probe.
            double in1 = ServiceProcesses.counter(ports.get("infer-1"), "ontobridge_records_in_total");
            double in2 = ServiceProcesses.counter(ports.get("infer-2"), "ontobridge_records_in_total");
            assertTrue(in1 > 0 && in2 > 0, "both inference instances read samples: " + in1 + ", " + in2);
            double scored1 = ServiceProcesses.counter(ports.get("train-1"), "ontobridge_scores_total");
            double scored2 = ServiceProcesses.counter(ports.get("train-2"), "ontobridge_scores_total");
            assertTrue((scored1 > 0) != (scored2 > 0), "one writer for the probe: " + scored1 + ", " + scored2);
            String busyTrainer = scored1 > 0 ? "train-1" : "train-2";
            String idleTrainer = scored1 > 0 ? "train-2" : "train-1";

            // Kill one inference instance and the trainer that owns the probe, without warning.
            services.get("infer-1").destroyForcibly().waitFor();
            services.get(busyTrainer).destroyForcibly().waitFor();
            double survivorInBefore = ServiceProcesses.counter(ports.get("infer-2"), "ontobridge_records_in_total");

            ItSupport.awaitTrue("every sample scored", Duration.ofMinutes(5), () -> tally.distinct(topics.scores()) >= SAMPLES);
            Thread.sleep(3000); // time for a duplicate to show, if exactly-once failed
            assertEquals(SAMPLES, tally.distinct(topics.samples()));
            assertEquals(SAMPLES, tally.records(topics.activations()), "no activation lost or doubled");
            assertEquals(SAMPLES, tally.distinct(topics.scores()));
            assertEquals(SAMPLES, tally.records(topics.scores()), "no score doubled");
            assertEquals(tally.distinct(topics.disagreements()), tally.records(topics.disagreements()), "no disagreement twice");
            CrashRecoveryIT.assertProbeNeverWentBack(settings, SAMPLES);
            assertTrue(ServiceProcesses.counter(ports.get("infer-2"), "ontobridge_records_in_total") > survivorInBefore,
                    "the surviving inference instance took over the partitions");
            assertTrue(ServiceProcesses.counter(ports.get(idleTrainer), "ontobridge_scores_total") > 0,
                    "the surviving trainer took the probe over, from its changelog");
            System.out.printf("scale-out: inference read %.0f / %.0f before the kill; trainer %s took over from %s%n",
                    in1, in2, idleTrainer, busyTrainer);
        } finally {
            services.values().forEach(Process::destroyForcibly);
            tally.close();
            tallyThread.join(10_000);
        }
    }
}
