package io.ontobridge.deploy.e2e;

import io.ontobridge.consumers.status.ConceptStatuses;
import io.ontobridge.deploy.demo.PipelineServices;
import io.ontobridge.deploy.demo.RunTally;
import io.ontobridge.models.encoder.Checkpoints;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.ModelAnnouncements;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.platform.kafka.TopicIo;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.producers.Generator;
import io.ontobridge.producers.GeneratorConfig;
import io.ontobridge.schema.ConceptStatus;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.ModelAnnouncement;
import io.ontobridge.streams.inference.InferenceConfig;
import io.ontobridge.streams.inference.TargetInference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * New target checkpoints announced on the models topic while the shapes pipeline runs, on a real broker and
 * registry: a retrained CNN (version 2), a checkpoint whose file does not match its sha256 (version 4), and a
 * randomly initialized CNN (version 3). A second inference instance joins while versions 1 and 2 run side by
 * side, so the side-by-side plan must carry over through the committed offsets.
 */
class ModelUpdateIT {
    private static final Path WORK = Path.of("target", "it-models").toAbsolutePath();
    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    private static final int SAMPLES = 4200;
    /** Samples both versions activate; 3 partitions of the samples topic run 300 each. */
    private static final int SIDE_BY_SIDE = 900;
    @RegisterExtension
    static final SharedStack stack = new SharedStack(WORK);

    /** The shipped shapes spec, paced so the announcements land mid-stream, with a shorter side-by-side run. */
    private static ConceptSpec spec(String source) throws Exception {
        return ItSupport.shapesSpec(WORK, "shapes-follow-" + source, yaml -> yaml.replace("rate_per_s: 0", "rate_per_s: 300")
                // version 3 is read at its three logits on purpose
                .replace("  layer: hidden\n", "  layer: hidden\n  min_width: 3\n")
                + "\nfollow:\n  side_by_side: " + SIDE_BY_SIDE + "\n  source: " + source + "\n");
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void newTargetVersionsAreFollowedComparedAndALostConceptIsReported() throws Exception {
        ConceptSpec spec = spec("pinned");
        String target = spec.target().name();
        Path randomInit = WORK.resolve("shapes-cnn-random-" + UUID.randomUUID().toString().substring(0, 6));
        try (ShapesModel cnn = ShapesModel.load(ROOT.resolve("zoo/shapes-cnn")); ShapesModel fresh = cnn.randomInitCopy(5)) {
            fresh.saveTo(randomInit);
        }

        try (Run run = Run.start(spec, SAMPLES)) {
            ServiceSettings settings = run.settings();
            Topics topics = settings.topics();
            PipelineServices services = run.services();
            RunTally tally = run.tally();

            awaitGenerated(services, tally, topics, 600);
            // A new source checkpoint: this concept is pinned to its source version, so nothing changes.
            Checkpoints.announce(settings, ModelAnnouncements.SOURCE, spec.source().name(), "2",
                    ROOT.resolve("zoo/shapes-vae").toString(), null, null, "it");
            Checkpoints.announce(settings, ModelAnnouncements.TARGET, target, "2",
                    ROOT.resolve("zoo/shapes-cnn-2").toString(), null, null, "it");
            // A checkpoint whose weights are not what the announcement says: dead-lettered, the pipeline serves on.
            announceUnloadable(settings, ModelAnnouncements.TARGET, target, "4", ROOT.resolve("zoo/shapes-cnn-2"));
            ItSupport.awaitTrue("version 2 scoring", Duration.ofMinutes(1),
                    () -> tally.scoredByVersion().getOrDefault("2", 0L) > 50);
            // A second instance joins while 1 and 2 run side by side: partitions move, with their plans.
            services.start(new TargetInference(new InferenceConfig(settings, spec, "it-2", null)));

            awaitGenerated(services, tally, topics, 2600);
            // Read at its logits: a random CNN's hidden layer still holds much of the shape (probes reached held-out
            // Pearson 0.52-0.77 there), its three random logits far less.
            Checkpoints.announce(settings, ModelAnnouncements.TARGET, target, "3", randomInit.toString(),
                    null, "logits", "it");

            ItSupport.awaitTrue("every sample scored", Duration.ofMinutes(4), () -> {
                services.failIfAnyFailed();
                return tally.distinct(topics.scores()) >= SAMPLES;
            });
            ItSupport.awaitTrue("version 3 reported lost", Duration.ofMinutes(1), () -> {
                ConceptStatus v3 = ConceptStatuses.read(settings).get(ProbeKeys.of(spec.concept(), target, "3"));
                return v3 != null && v3.getStatus().equals("lost") && v3.getComparison() != null;
            });
            Thread.sleep(2000); // let any duplicate that exactly-once failed to prevent show up

            // Nothing lost or doubled: every sample scored by at least one version, no (sample, version) twice.
            assertEquals(SAMPLES, tally.distinct(topics.samples()));
            assertEquals(SAMPLES, tally.distinct(topics.scores()), "every sample scored");
            assertEquals(tally.distinctRecords(topics.activations()), tally.records(topics.activations()), "no activation doubled");
            assertEquals(tally.distinctRecords(topics.scores()), tally.records(topics.scores()), "no score doubled");
            Map<String, Long> byVersion = tally.scoredByVersion();
            assertEquals(List.of("1", "2", "3"), new ArrayList<>(byVersion.keySet()), "versions in order; 4 never served");
            assertEquals(tally.records(topics.scores()), byVersion.values().stream().mapToLong(Long::longValue).sum());
            // Each side-by-side run is exactly as long as the spec says, across the second instance joining.
            assertEquals(SAMPLES + 2L * SIDE_BY_SIDE, tally.records(topics.scores()),
                    "each sample once, plus two side-by-side runs of " + SIDE_BY_SIDE + ": " + byVersion);

            List<DeadLetter> letters = deadLetters(settings);
            // Both instances try version 4 and turn it down.
            assertTrue(letters.size() >= 1 && letters.stream().allMatch(l -> l.getErrorType().equals("bad-model")
                    && l.getSourceTopic().equals(topics.models()) && l.getReason().contains("sha256")), letters.toString());

            Map<String, ConceptStatus> statuses = ConceptStatuses.read(settings);
            ConceptStatus v2 = statuses.get(ProbeKeys.of(spec.concept(), target, "2"));
            assertNotNull(v2, "version 2 has a status");
            assertEquals("mapped", v2.getStatus(), "the retrained CNN carries the concept: " + v2);
            assertNotNull(v2.getComparison(), "compared with version 1");
            assertEquals("1", v2.getComparison().getFromVersion());
            assertEquals(SIDE_BY_SIDE, v2.getComparison().getSamples(), "the whole side-by-side run: " + v2.getComparison());
            assertTrue(v2.getComparison().getPredictionPearson() > 0.7, "two probes of one concept: " + v2.getComparison());

            ConceptStatus v3 = statuses.get(ProbeKeys.of(spec.concept(), target, "3"));
            assertEquals("lost", v3.getStatus(), "a random-init CNN does not carry the concept: " + v3);
            assertEquals("2", v3.getComparison().getFromVersion());
            assertEquals(SIDE_BY_SIDE, v3.getComparison().getSamples());
            assertTrue(v3.getComparison().getFidelityAfter() < v3.getComparison().getFidelityBefore() - 0.2,
                    "fidelity fell: " + v3.getComparison());
            assertEquals(Map.of("1", (long) SAMPLES), sourceVersions(settings, run.runId()), "pinned to source version 1");
            System.out.printf("model update: scored per version %s; 1->2 %s; 2->3 %s%n", byVersion, v2.getComparison(),
                    v3.getComparison());
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aReDerivedConceptMovesToANewSourceVersionWithoutLosingASample() throws Exception {
        ConceptSpec spec = spec("re-derive");
        int samples = 2400;
        try (Run run = Run.start(spec, samples)) {
            ServiceSettings settings = run.settings();
            Topics topics = settings.topics();
            PipelineServices services = run.services();
            RunTally tally = run.tally();
            awaitGenerated(services, tally, topics, 400);
            // The same weights announced as version 2, and a version whose file is not there.
            Checkpoints.announce(settings, ModelAnnouncements.SOURCE, spec.source().name(), "2",
                    ROOT.resolve("zoo/shapes-vae").toString(), null, null, "it");
            announceUnloadable(settings, ModelAnnouncements.SOURCE, spec.source().name(), "3", WORK.resolve("no-such-model"));
            ItSupport.awaitTrue("every sample scored", Duration.ofMinutes(3), () -> {
                services.failIfAnyFailed();
                return tally.distinct(topics.scores()) >= samples;
            });
            Thread.sleep(2000);
            assertEquals(samples, tally.distinct(topics.scores()));
            assertEquals(samples, tally.records(topics.scores()), "one target version: each sample scored once");
            Map<String, Long> bySource = sourceVersions(settings, run.runId());
            assertEquals(java.util.Set.of("1", "2"), bySource.keySet(), "samples from both source versions: " + bySource);
            // Once version 2 served, it served everything after: no sample of version 1 was made after one of 2's.
            Map<String, Instant[]> spans = sourceSpans(settings, run.runId());
            assertTrue(!spans.get("1")[1].isAfter(spans.get("2")[0]), "the switch is clean: version 1 until "
                    + spans.get("1")[1] + ", version 2 from " + spans.get("2")[0] + ": " + bySource);
            assertTrue(bySource.get("2") > 100, "the new source version served the rest: " + bySource);
            List<DeadLetter> letters = deadLetters(settings);
            assertEquals(1, letters.size(), letters.toString());
            assertEquals("bad-model", letters.get(0).getErrorType());
            assertEquals("generator", letters.get(0).getService());
        }
    }

    /** The four services and a tally on fresh topics, with the generator publishing {@code samples}. */
    private record Run(ServiceSettings settings, String runId, PipelineServices services, RunTally tally)
            implements AutoCloseable {
        static Run start(ConceptSpec spec, int samples) {
            String prefix = "it" + UUID.randomUUID().toString().substring(0, 6);
            ServiceSettings settings = new ServiceSettings(stack.bootstrap(), stack.registryUrl(), prefix, 3, WORK, Map.of());
            TopicSetup.ensureTopics(settings);
            String runId = "run" + UUID.randomUUID().toString().substring(0, 6);
            PipelineServices services = PipelineServices.start(settings, spec, "it-1");
            RunTally tally = new RunTally(settings, runId, Instant.now());
            services.startTask("tally", tally, tally::close);
            services.start(new Generator(new GeneratorConfig(settings, spec, samples, runId)));
            return new Run(settings, runId, services, tally);
        }

        @Override
        public void close() {
            services.close();
        }
    }

    /** An announcement whose sha256 matches no file: it cannot be loaded. */
    private static void announceUnloadable(ServiceSettings settings, String role, String name, String version, Path location) {
        ModelAnnouncements.announce(settings, ModelAnnouncement.newBuilder().setRole(role).setName(name)
                .setVersion(version).setLocation(location.toString()).setSha256("0".repeat(64))
                .setAnnouncedBy("it").setAnnouncedAt(Instant.now()).build());
    }

    private static List<DeadLetter> deadLetters(ServiceSettings settings) {
        List<DeadLetter> letters = new ArrayList<>();
        TopicIo.<DeadLetter>readAll(settings, settings.topics().deadLetters(), Duration.ofSeconds(30), (k, v) -> letters.add(v));
        return letters;
    }

    /** The first and last creation time of the run's samples per source version. */
    private static Map<String, Instant[]> sourceSpans(ServiceSettings settings, String runId) {
        Map<String, Instant[]> spans = new java.util.TreeMap<>();
        TopicIo.<io.ontobridge.schema.Sample>readAll(settings, settings.topics().samples(), Duration.ofSeconds(30), (k, s) -> {
            if (s != null && s.getSampleId().startsWith(runId)) {
                Instant at = s.getCreatedAt();
                spans.merge(s.getSource().getVersion(), new Instant[] {at, at}, (old, now) -> new Instant[] {
                        old[0].isBefore(now[0]) ? old[0] : now[0], old[1].isAfter(now[1]) ? old[1] : now[1]});
            }
        });
        return spans;
    }

    /** Samples of the run per source version. */
    private static Map<String, Long> sourceVersions(ServiceSettings settings, String runId) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        TopicIo.<io.ontobridge.schema.Sample>readAll(settings, settings.topics().samples(), Duration.ofSeconds(30), (k, s) -> {
            if (s != null && s.getSampleId().startsWith(runId)) {
                counts.merge(s.getSource().getVersion(), 1L, Long::sum);
            }
        });
        return counts;
    }

    private static void awaitGenerated(PipelineServices services, RunTally tally, Topics topics, long n)
            throws InterruptedException {
        ItSupport.awaitTrue(n + " samples generated", Duration.ofMinutes(2), () -> {
            services.failIfAnyFailed();
            return tally.distinct(topics.samples()) >= n;
        });
    }
}
