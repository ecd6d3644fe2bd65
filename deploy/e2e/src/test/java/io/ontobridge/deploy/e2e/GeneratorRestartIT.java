package io.ontobridge.deploy.e2e;

import io.ontobridge.deploy.demo.RunTally;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.TopicIo;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.schema.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generator as its own process ({@code ontobridge generate}) on a real broker and registry, killed with
 * SIGKILL mid-run and started again with the same {@code --run-id}, as a supervisor restarts a pod; then a
 * third started beside the second with the same run id. Afterwards the samples topic holds every id of the
 * run once, {@code --samples} of them in all: the restart resumed, and the generator that was taken over
 * stopped with one line.
 */
class GeneratorRestartIT {
    private static final Path WORK = Path.of("target", "it-generator-restart").toAbsolutePath();
    private static final int SAMPLES = 1200;
    @RegisterExtension
    static final SharedStack stack = new SharedStack(WORK);

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aRestartedGeneratorResumesItsRunAndASecondOneTakesOverCleanly() throws Exception {
        Files.createDirectories(WORK);
        String prefix = "restart" + UUID.randomUUID().toString().substring(0, 6);
        // Slowed so the kill and the takeover land mid-run; no backpressure, since nothing reads the samples here.
        ItSupport.shapesSpec(WORK, prefix + "-shapes", yaml -> yaml.replace("rate_per_s: 0", "rate_per_s: 30")
                .replace("  stratify:", "  max_lag: 0\n  stratify:"));
        Path spec = WORK.resolve(prefix + "-shapes.yaml");
        Path settingsFile = ItSupport.settingsFile(WORK, prefix, stack.bootstrap(), stack.registryUrl(), 3);
        ServiceSettings settings = ServiceSettings.load(settingsFile, Map.of(), null, null, null);
        Topics topics = settings.topics();
        TopicSetup.ensureTopics(settings);
        String runId = "run" + UUID.randomUUID().toString().substring(0, 6);
        String[] args = {"--samples", String.valueOf(SAMPLES), "--run-id", runId};

        RunTally tally = new RunTally(settings, runId, Instant.now());
        Thread tallyThread = new Thread(tally, "tally");
        tallyThread.start();
        Process first = null;
        Process second = null;
        Process third = null;
        try {
            first = ServiceProcesses.launch("generate", spec, settingsFile, WORK.resolve(prefix + "-generate-1.log"), args);
            Process firstRun = first;
            ItSupport.awaitTrue("samples before the kill", Duration.ofMinutes(2), () -> tally.distinct(topics.samples()) >= 200);
            firstRun.destroyForcibly().waitFor();                                       // SIGKILL, mid-transaction
            long beforeRestart = settled(() -> tally.distinct(topics.samples()));
            assertTrue(beforeRestart < SAMPLES, "killed mid-run: " + beforeRestart);

            Path secondLog = WORK.resolve(prefix + "-generate-2.log");
            second = ServiceProcesses.launch("generate", spec, settingsFile, secondLog, args);
            ItSupport.awaitTrue("the restart publishing", Duration.ofMinutes(2),
                    () -> tally.distinct(topics.samples()) >= beforeRestart + 150);
            assertTrue(second.isAlive(), "the restart still has samples to publish");
            Path thirdLog = WORK.resolve(prefix + "-generate-3.log");
            third = ServiceProcesses.launch("generate", spec, settingsFile, thirdLog, args);

            assertTrue(second.waitFor(3, TimeUnit.MINUTES));
            assertNotEquals(0, second.exitValue(), "the generator taken over stops with an error");
            String secondOut = Files.readString(secondLog);
            assertTrue(secondOut.contains("resuming: " + beforeRestart + " samples of this run are committed"),
                    "the restart read how far the run got (" + beforeRestart + "):\n" + secondOut);
            String error = secondOut.lines().filter(l -> l.startsWith("error: ")).collect(Collectors.joining("\n"));
            assertTrue(error.contains("another generator started with the same run id"), "one line says why:\n" + secondOut);
            assertEquals(1, error.lines().count(), error);
            assertEquals(error.indexOf("another generator"), error.lastIndexOf("another generator"), "said once: " + error);
            assertFalse(secondOut.contains("\tat "), "no stack trace:\n" + secondOut);

            assertTrue(third.waitFor(3, TimeUnit.MINUTES));
            assertEquals(0, third.exitValue(), Files.readString(thirdLog));
            assertSamplesTopicHoldsTheRunOnce(settings, topics.samples(), runId);
        } finally {
            for (Process p : new Process[] {first, second, third}) {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
            tally.close();
            tallyThread.join(10_000);
        }
    }

    /** A count once it stopped changing for a second (the tally caught up with what is committed). */
    private static long settled(java.util.function.LongSupplier count) throws InterruptedException {
        long last = count.getAsLong();
        while (true) {
            Thread.sleep(1000);
            long now = count.getAsLong();
            if (now == last) {
                return now;
            }
            last = now;
        }
    }

    /** Every id {@code <run>-0} to {@code <run>-(SAMPLES-1)} exactly once, and nothing else of the run. */
    private static void assertSamplesTopicHoldsTheRunOnce(ServiceSettings settings, String topic, String runId) {
        Map<String, Integer> records = new HashMap<>();
        Map<String, Set<String>> contents = new HashMap<>();
        TopicIo.<Sample>readAll(settings, topic, Duration.ofSeconds(60), (key, sample) -> {
            if (sample.getSampleId().startsWith(runId + "-")) {
                records.merge(sample.getSampleId(), 1, Integer::sum);
                contents.computeIfAbsent(sample.getSampleId(), k -> new HashSet<>())
                        .add(sample.getFeatureValue() + "|" + sample.getGeneratorMode() + "|" + sample.getInput());
            }
        });
        Set<String> expected = LongStream.range(0, SAMPLES).mapToObj(n -> runId + "-" + n).collect(Collectors.toSet());
        assertEquals(expected, records.keySet(), "ids 0.." + (SAMPLES - 1) + ", no gap, nothing past --samples");
        assertEquals(SAMPLES, records.values().stream().mapToInt(Integer::intValue).sum(), "every id once: "
                + records.entrySet().stream().filter(e -> e.getValue() > 1).limit(5).toList());
        assertTrue(contents.values().stream().allMatch(c -> c.size() == 1), "one content per id");
    }
}
