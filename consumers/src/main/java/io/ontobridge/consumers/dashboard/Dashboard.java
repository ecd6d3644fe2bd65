package io.ontobridge.consumers.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ontobridge.consumers.review.ReviewSession;
import io.ontobridge.consumers.review.ReviewTopics;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.platform.kafka.TopicIo;
import io.ontobridge.platform.observe.HttpReplies;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.ProbeSnapshot;
import io.ontobridge.schema.Review;
import io.ontobridge.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The live dashboard on 127.0.0.1: a page with charts of each probe's held-out fidelity and control R^2 over the
 * samples it has seen and its disagreement rate, a card per disagreement group (a montage of its members, what sets
 * it apart, its growth) with buttons that give the whole group a verdict, and the disagreement feed (the text, or
 * the image) with buttons that publish a review verdict. The page polls {@code /api/state}; a verdict is a POST to
 * {@code /api/review}, a group's to {@code /api/group-review}. Everything shown is read from the topics (probes,
 * disagreements, reviews), from their beginning.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceSettings settings;
    private final String reviewer;
    private final DashboardState state = new DashboardState();
    private final HttpServer server;
    private final ReviewTopics reviews;
    private final Thread reader;
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;

    private Dashboard(ServiceSettings settings, String reviewer, int port) throws IOException {
        this.settings = settings;
        this.reviewer = reviewer;
        this.reviews = new ReviewTopics(settings);
        // Loopback only: the page publishes verdicts, so it is not for other machines.
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::page);
        server.createContext("/api/state", exchange -> respond(exchange, 200, "application/json",
                JSON.writeValueAsString(state.toJson())));
        server.createContext("/api/review", this::review);
        server.createContext("/api/group-review", this::groupReview);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "dashboard-http");
            thread.setDaemon(true);
            return thread;
        }));
        this.reader = new Thread(this::read, "dashboard-reader");
        reader.setDaemon(true);
    }

    /** Starts reading the topics and serving on 127.0.0.1:{@code port} (0: a free port). */
    public static Dashboard start(ServiceSettings settings, String reviewer, int port) {
        try {
            Dashboard dashboard = new Dashboard(settings, reviewer, port);
            dashboard.reader.start();
            dashboard.server.start();
            return dashboard;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the dashboard on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void read() {
        Topics topics = settings.topics();
        RegistrySerdes serdes = new RegistrySerdes(settings);
        Deserializer<ProbeSnapshot> probes = serdes.deserializer();
        Deserializer<Disagreement> disagreements = serdes.deserializer();
        Deserializer<Review> reviewRecords = serdes.deserializer();
        try (KafkaConsumer<String, byte[]> consumer = TopicIo.fromBeginning(settings, topics.probes(),
                topics.disagreements(), topics.reviews())) {
            this.consumer = consumer;
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        if (record.topic().equals(topics.probes())) {
                            state.add(probes.deserialize(record.topic(), record.value()));
                        } else if (record.topic().equals(topics.disagreements())) {
                            state.add(disagreements.deserialize(record.topic(), record.value()));
                        } else {
                            state.add(reviewRecords.deserialize(record.topic(), record.value()));
                        }
                    } catch (RuntimeException e) {
                        log.warn("dashboard: skipped an undecodable record at {}-{}@{}: {}", record.topic(),
                                record.partition(), record.offset(), DeadLetters.describe(e));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!stopping) {
                log.error("dashboard: reading the topics stopped", e);
            }
        }
    }

    private void page(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/")) {
            respond(exchange, 404, "text/plain", "not found");
            return;
        }
        try (InputStream in = Dashboard.class.getResourceAsStream("dashboard.html")) {
            respond(exchange, 200, "text/html; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** POST {"sampleId": ..., "verdict": "probe-wrong", "note": ...}: publishes the verdict on the reviews topic. */
    private void review(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, "application/json", "{\"error\":\"POST a verdict\"}");
            return;
        }
        try {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String sampleId = body.path("sampleId").asText("");
            Verdict verdict = ReviewSession.verdict(body.path("verdict").asText(""));
            Disagreement disagreement = state.disagreement(sampleId);
            if (disagreement == null) {
                respond(exchange, 404, "application/json", JSON.writeValueAsString(Map.of("error",
                        "no disagreement with sample id '" + sampleId + "' in the feed")));
                return;
            }
            String note = body.path("note").isTextual() ? body.path("note").asText() : null;
            Review review = ReviewSession.review(disagreement, verdict, note, reviewer);
            reviews.publish(review);
            state.add(review);
            respond(exchange, 200, "application/json", JSON.writeValueAsString(Map.of("sampleId", sampleId,
                    "verdict", verdict.name())));
        } catch (IllegalArgumentException | IOException e) {
            respond(exchange, 400, "application/json", JSON.writeValueAsString(Map.of("error", DeadLetters.describe(e))));
        } catch (RuntimeException e) {
            respond(exchange, 500, "application/json", JSON.writeValueAsString(Map.of("error", DeadLetters.describe(e))));
        }
    }

    /**
     * POST {"group": "concept|target|version|id", "verdict": "probe-wrong", "note": ...}: a verdict on the whole group,
     * published as one review per member sample the dashboard holds that has no verdict yet (the Review record names
     * a sample, and that is what the trainer learns from and the monitor counts). Each review's note says it came
     * from a group verdict. Answers how many were published and how many members already had a verdict.
     */
    private void groupReview(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, "application/json", "{\"error\":\"POST a verdict\"}");
            return;
        }
        int published = 0;
        try {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String group = body.path("group").asText("");
            Verdict verdict = ReviewSession.verdict(body.path("verdict").asText(""));
            DashboardState.GroupReview members = state.groupReview(group);
            if (members == null) {
                respond(exchange, 404, "application/json", JSON.writeValueAsString(Map.of("error",
                        "no disagreement group '" + group + "' on the page")));
                return;
            }
            String note = body.path("note").isTextual() ? body.path("note").asText() : null;
            for (Disagreement member : members.open()) {
                String groupNote = "verdict on group " + member.getGroup().getId() + (note == null ? "" : ": " + note);
                Review review = ReviewSession.review(member, verdict, groupNote, reviewer);
                reviews.publish(review);
                state.add(review);
                published++;
            }
            respond(exchange, 200, "application/json", JSON.writeValueAsString(Map.of("group", group,
                    "verdict", verdict.name(), "published", published, "alreadyReviewed", members.reviewed())));
        } catch (IllegalArgumentException | IOException e) {
            respond(exchange, 400, "application/json", JSON.writeValueAsString(Map.of("error", DeadLetters.describe(e))));
        } catch (RuntimeException e) {
            respond(exchange, 500, "application/json", JSON.writeValueAsString(Map.of("error", DeadLetters.describe(e),
                    "published", published)));
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        HttpReplies.send(exchange, status, type, body);
    }

    @Override
    public void close() {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        server.stop(0);
        try {
            reader.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reviews.close();
    }
}
