package io.ontobridge.deploy.cli;

import io.ontobridge.consumers.review.ReviewSession;
import io.ontobridge.consumers.review.ReviewTopics;
import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.schema.Disagreement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"Go through open disagreements and publish a verdict on each to the reviews topic.",
                "Interactive by default; --sample ID --verdict V publishes one verdict without asking."})
final class ReviewCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--reviewer", paramLabel = "NAME", description = "Who gives the verdicts (default: $USER)")
    String reviewer;

    @Option(names = "--sample", paramLabel = "ID", description = "Review this disagreement only (with --verdict)")
    String sample;

    @Option(names = "--verdict", paramLabel = "V", description = "source-wrong, probe-wrong or ambiguous (with --sample)")
    String verdict;

    @Option(names = "--note", paramLabel = "TEXT", description = "A note to go with --verdict")
    String note;

    @Override
    public Integer call() throws Exception {
        var settings = connection.settings();
        Preflight.check(settings);
        TopicSetup.ensureTopics(settings);
        String who = reviewer != null ? reviewer : System.getProperty("user.name", "unknown");
        try (ReviewTopics topics = new ReviewTopics(settings)) {
            if (sample != null || verdict != null) {
                if (sample == null || verdict == null) {
                    throw new IllegalArgumentException("--sample and --verdict go together");
                }
                Disagreement d = topics.disagreements().stream().filter(x -> x.getSampleId().equals(sample))
                        .findFirst().orElseThrow(() -> new IllegalArgumentException(
                                "--sample: no disagreement with sample id '" + sample + "'"));
                topics.publish(ReviewSession.review(d, ReviewSession.verdict(verdict), note, who));
                System.out.println("published " + verdict + " for " + sample);
                return 0;
            }
            var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            new ReviewSession(who, in, System.out, topics::publish).run(topics.disagreements(), topics.reviewedSampleIds());
        }
        return 0;
    }
}
