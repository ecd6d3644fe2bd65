package io.ontobridge.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.ontobridge.consumers.dashboard.Dashboard;
import io.ontobridge.consumers.export.DisagreementExport;
import io.ontobridge.consumers.status.ConceptStatuses;
import io.ontobridge.consumers.tail.GroupView;
import io.ontobridge.consumers.webhook.WebhookConfig;
import io.ontobridge.consumers.webhook.WebhookForwarder;
import io.ontobridge.deploy.demo.PipelineServices;
import io.ontobridge.deploy.demo.RunTally;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.platform.kafka.TopicIo;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.producers.Generator;
import io.ontobridge.producers.GeneratorConfig;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.Review;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard on a running shapes pipeline (real broker, registry and models), driven in headless Chromium:
 * the charts, the group cards and the feed show what is on the topics, a button publishes a review verdict and a
 * group's button one per member. Takes the screenshot docs/dashboard.png is copied from
 * ({@code target/it-dashboard/chromium-PREFIX/dashboard.png}). Needs Debian's chromium package (.ci/run installs it).
 */
class DashboardIT {
    private static final Path WORK = Path.of("target", "it-dashboard").toAbsolutePath();
    private static final int SAMPLES = 2500;
    private static ItStack stack;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.BINARY),
                "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it");
        stack = ItStack.start(WORK);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static List<DeadLetter> webhookLetters(ServiceSettings settings) {
        List<DeadLetter> letters = new ArrayList<>();
        TopicIo.<DeadLetter>readAll(settings, settings.topics().deadLetters(), Duration.ofSeconds(30), (k, l) -> {
            if (l.getErrorType().equals("webhook-failed")) {
                letters.add(l);
            }
        });
        return letters;
    }

    private static int onTopicCount(ServiceSettings settings) {
        return onTopicRecords(settings).size();
    }

    private static List<Disagreement> onTopicRecords(ServiceSettings settings) {
        List<Disagreement> records = new ArrayList<>();
        TopicIo.<Disagreement>readAll(settings, settings.topics().disagreements(), Duration.ofSeconds(30), (k, d) -> records.add(d));
        return records;
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void chartsAndFeedShowTheTopicsAndAButtonPublishesAVerdict() throws Exception {
        // Every disagreement emitted (not only new groups), judged from 300 learned samples on, and differences in
        // degree grouped like the rest (same_side_factor 1), so the feed has several and the groups view some groups.
        ConceptSpec spec = ItSupport.shapesSpec(WORK, "shapes-dashboard", yaml -> yaml
                .replace("  min_trained: 500", "  min_trained: 300")
                .replace("  residual_quantile: 0.99", "  residual_quantile: 0.95\n  emit: all\n  same_side_factor: 1"));
        String prefix = "it" + UUID.randomUUID().toString().substring(0, 6);
        ServiceSettings settings = new ServiceSettings(stack.bootstrap(), stack.registryUrl(), prefix, 3, WORK, Map.of());
        Topics topics = settings.topics();
        TopicSetup.ensureTopics(settings);
        String runId = "run" + UUID.randomUUID().toString().substring(0, 6);
        String probeKey = ProbeKeys.of(spec.concept(), spec.target().name(), spec.target().version());
        try (PipelineServices services = PipelineServices.start(settings, spec, "it")) {
            RunTally tally = new RunTally(settings, runId, Instant.now());
            services.startTask("tally", tally, tally::close);
            Generator generator = new Generator(new GeneratorConfig(settings, spec, SAMPLES, runId));
            generator.start();
            generator.awaitStop();
            try {
                ItSupport.awaitTrue("every sample scored and some disagreements", Duration.ofMinutes(3), () -> {
                    services.failIfAnyFailed();
                    return tally.distinct(topics.scores()) >= SAMPLES && tally.distinct(topics.disagreements()) >= 3;
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": scored " + tally.distinct(topics.scores())
                        + ", disagreements " + tally.distinct(topics.disagreements()), e);
            }

            Path browserDir = Files.createDirectories(WORK.resolve("chromium-" + prefix));
            try (Dashboard dashboard = Dashboard.start(settings, "it", 0);
                 HeadlessChromium page = HeadlessChromium.open(dashboard.url(), browserDir.resolve("profile"))) {
                page.awaitTrue("charts and feed drawn from the topics", Duration.ofSeconds(60),
                        "document.body.dataset.loaded === 'true' && document.querySelectorAll('#feed .item').length >= 3"
                                + " && document.querySelector('#fidelity polyline.series') !== null");
                JsonNode view = page.evaluate("""
                        JSON.stringify({
                          rows: [...document.querySelectorAll('#probes tbody tr')].map(r =>
                              ({key: r.dataset.key, status: r.cells[1].textContent, r: r.cells[2].textContent,
                                samples: r.cells[3].textContent})),
                          fidelityPoints: document.querySelector(`#fidelity polyline.series[data-key="%s"]`)
                              .getAttribute('points').trim().split(' ').length,
                          controlPoints: document.querySelector(`#fidelity polyline.control[data-key="%s"]`)
                              .getAttribute('points').trim().split(' ').length,
                          ratePoints: document.querySelector(`#rate polyline.series[data-key="%s"]`)
                              .getAttribute('points').trim().split(' ').length,
                          feed: [...document.querySelectorAll('#feed .item')].map(i => i.dataset.sample),
                          images: [...document.querySelectorAll('#feed .item img')].filter(i =>
                              i.src.startsWith('data:image/png;base64,') && i.complete && i.naturalWidth === 32).length
                        })""".formatted(probeKey, probeKey, probeKey));
                JsonNode facts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(view.asText());

                // The probe's row and charts come from its snapshots on the probes topic.
                JsonNode row = facts.get("rows").get(0);
                assertEquals(probeKey, row.get("key").asText());
                assertEquals(tally.latestProbe(probeKey).getStatus(), row.get("status").asText());
                assertEquals(String.valueOf(tally.latestProbe(probeKey).getSamplesSeen()), row.get("samples").asText());
                assertTrue(Double.parseDouble(row.get("r").asText()) > 0.5, "held-out r shown: " + row);
                assertTrue(facts.get("fidelityPoints").asInt() >= 10, "a point per snapshot: " + facts);
                assertTrue(facts.get("controlPoints").asInt() >= 5, facts.toString());
                assertTrue(facts.get("ratePoints").asInt() >= 1, facts.toString());

                // The feed is the disagreements topic, newest first, each with its decoded image.
                Set<String> onTopic = new HashSet<>();
                TopicIo.<Disagreement>readAll(settings, topics.disagreements(), Duration.ofSeconds(30),
                        (k, d) -> onTopic.add(d.getSampleId()));
                List<String> feed = new ArrayList<>();
                facts.get("feed").forEach(id -> feed.add(id.asText()));
                assertEquals(Math.min(onTopic.size(), 100), feed.size());
                assertTrue(onTopic.containsAll(feed), "every item is a disagreement on the topic");
                assertEquals(feed.size(), facts.get("images").asInt(), "each shapes input shown as its 32x32 PNG");

                // A click on "probe is wrong" publishes that verdict on the reviews topic, and the page shows it.
                String clicked = page.evaluate("""
                        (() => { const item = document.querySelector('#feed .item');
                                 item.querySelector('button[data-verdict="probe-wrong"]').click();
                                 return item.dataset.sample; })()""").asText();
                page.awaitTrue("the verdict shown", Duration.ofSeconds(30), ("document.querySelector("
                        + "'#feed .item[data-sample=\"%s\"] .verdict').textContent === 'PROBE_WRONG'").formatted(clicked));
                List<Review> reviews = new ArrayList<>();
                TopicIo.<Review>readAll(settings, topics.reviews(), Duration.ofSeconds(30), (k, r) -> reviews.add(r));
                assertEquals(1, reviews.size(), reviews.toString());
                assertEquals(clicked, reviews.get(0).getSampleId());
                assertEquals("PROBE_WRONG", reviews.get(0).getVerdict().name());
                assertEquals("it", reviews.get(0).getReviewer());
                assertEquals(spec.target().version(), reviews.get(0).getTarget().getVersion());

                // The groups view: a card per group, largest first, with its montage and the description the monitor
                // gave the group's largest record on the topic.
                List<GroupView> groups = GroupView.of(onTopicRecords(settings));
                page.awaitTrue("a described group's card", Duration.ofSeconds(30),
                        "document.querySelector('#groups .card .description:not(.none)') !== null");
                JsonNode cards = new com.fasterxml.jackson.databind.ObjectMapper().readTree(page.evaluate("""
                        JSON.stringify([...document.querySelectorAll('#groups .card')].map(c => ({
                          key: c.dataset.group,
                          described: !c.querySelector('.description').classList.contains('none'),
                          description: c.querySelector('.description').textContent,
                          contrasts: c.querySelectorAll('.contrasts tbody tr').length,
                          montage: [...c.querySelectorAll('.montage img')].filter(i => i.complete && i.naturalWidth === 32).length,
                          growth: c.querySelector('svg.growth polyline') !== null
                        })))""").asText());
                assertEquals(Math.min(groups.size(), 24), cards.size(), "a card per group, up to 24");
                JsonNode card = null;
                for (JsonNode c : cards) {
                    if (card == null && c.get("described").asBoolean()) {
                        card = c;
                    }
                }
                String groupKey = card.get("key").asText();
                GroupView group = groups.stream().filter(g -> g.key().equals(groupKey)).findFirst().orElseThrow();
                assertEquals(group.description().getText(), card.get("description").asText());
                assertTrue(card.get("contrasts").asInt() >= 1, "the leading factors or source concepts: " + card);
                assertEquals(Math.min(group.members().size(), 12), card.get("montage").asInt(), card.toString());
                assertTrue(card.get("growth").asBoolean(), "the group's size over samples learned");
                assertEquals(groups.get(0).key(), cards.get(0).get("key").asText(), "largest first");
                page.screenshot(browserDir.resolve("dashboard.png"));

                // "source is wrong" for the whole group: one review per member without a verdict, the page says how many.
                page.evaluate(("document.querySelector('#groups .card[data-group=\"%s\"] "
                        + "button[data-verdict=\"source-wrong\"]').click()").formatted(groupKey));
                page.awaitTrue("the group verdict's outcome", Duration.ofSeconds(60), ("document.querySelector("
                        + "'#groups .card[data-group=\"%s\"] .group-verdict').textContent.startsWith('SOURCE_WRONG:')")
                        .formatted(groupKey));
                Set<String> members = new HashSet<>();
                group.members().forEach(d -> members.add(d.getSampleId()));
                members.remove(clicked); // already has a verdict: a group verdict does not overrule it
                String outcome = page.evaluate(("document.querySelector('#groups .card[data-group=\"%s\"] "
                        + ".group-verdict').textContent").formatted(groupKey)).asText();
                assertTrue(outcome.startsWith("SOURCE_WRONG: " + members.size() + " review"), outcome);
                List<Review> all = new ArrayList<>();
                TopicIo.<Review>readAll(settings, topics.reviews(), Duration.ofSeconds(30), (k, r) -> all.add(r));
                List<Review> groupReviews = all.subList(1, all.size());
                assertEquals(members.size(), groupReviews.size(), groupReviews.toString());
                Set<String> reviewed = new HashSet<>();
                for (Review r : groupReviews) {
                    reviewed.add(r.getSampleId());
                    assertEquals("SOURCE_WRONG", r.getVerdict().name());
                    assertEquals("verdict on group " + group.id(), r.getNote());
                    assertEquals("it", r.getReviewer());
                }
                assertEquals(members, reviewed, "every member of the group on the topic, each once");
                page.awaitTrue("the card counts the verdicts", Duration.ofSeconds(30), ("document.querySelector("
                        + "'#groups .card[data-group=\"%s\"] .verdicts').textContent.includes('SOURCE_WRONG %d')")
                        .formatted(groupKey, members.size()));
            }

            // ./ontobridge export: the same stream to JSON lines and a self-contained report.
            List<String> problems = new ArrayList<>();
            List<Disagreement> exported = DisagreementExport.read(settings, DisagreementExport.From.beginning(), problems);
            assertEquals(List.of(), problems);
            assertEquals(onTopicCount(settings), exported.size());
            Path report = browserDir.resolve("disagreements.html");
            DisagreementExport.writeHtml(exported, "it", report);
            String html = Files.readString(report);
            assertEquals(exported.size(), html.split("<img alt=\"input\" src=\"data:image/png;base64,").length - 1);
            // A section per group, each with the description of the group's largest record.
            List<GroupView> exportedGroups = GroupView.of(exported);
            assertEquals(exportedGroups.size(), html.split("<section class=\"group\"").length - 1);
            exportedGroups.stream().filter(g -> g.description() != null).forEach(g -> assertTrue(html.contains(
                    "<p class=\"description\">" + g.description().getText().replace("'", "&#39;") + "</p>"), g.key()));
            assertEquals(0, DisagreementExport.read(settings, new DisagreementExport.From(Instant.now().plusSeconds(60),
                    null), problems).size(), "nothing written after a time in the future");

            // ./ontobridge webhook: each new group and each status change posted; a refusing webhook dead-letters.
            long newGroups = exported.stream().filter(d -> d.getGroup() != null && d.getGroup().getIsNew()).count();
            int statusChanges = ConceptStatuses.read(settings).size();
            List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            receiver.createContext("/ok", exchange -> {
                events.add(exchange.getRequestHeaders().getFirst("X-Ontobridge-Event"));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.createContext("/down", exchange -> {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
            });
            receiver.start();
            String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
            try {
                WebhookForwarder ok = new WebhookForwarder(settings, WebhookConfig.from(Map.of(), base + "/ok"), true);
                services.startTask("webhook", ok, ok::stop);
                ItSupport.awaitTrue("every new group and status change posted", Duration.ofSeconds(60),
                        () -> events.size() >= newGroups + 1);
                assertTrue(newGroups >= 1, "some groups were opened");
                assertEquals(newGroups, events.stream().filter("disagreement-group"::equals).count(), events.toString());
                assertTrue(events.stream().filter("concept-status"::equals).count() >= statusChanges, events.toString());

                // A webhook that keeps answering 503: every event, after its two tries, becomes a dead letter.
                WebhookForwarder down = new WebhookForwarder(settings, WebhookConfig.from(Map.of("webhook.attempts", "2",
                        "webhook.backoff.ms", "10"), base + "/down"), true, "it-down");
                services.startTask("webhook-down", down, down::stop);
                ItSupport.awaitTrue("the refused events dead-lettered", Duration.ofSeconds(60),
                        () -> webhookLetters(settings).size() >= events.size());
                List<DeadLetter> letters = webhookLetters(settings);
                assertEquals(events.size(), letters.size(), "one dead letter per refused event");
                assertTrue(letters.stream().allMatch(l -> l.getReason().contains("after 2 tries")
                        && l.getReason().contains("answered 503") && l.getOriginalValue() != null), letters.toString());
            } finally {
                receiver.stop(0);
            }
        }
    }
}
