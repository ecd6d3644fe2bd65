package io.ontobridge.consumers.review;

import io.ontobridge.consumers.tail.DisagreementFormat;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.Review;
import io.ontobridge.schema.Verdict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Goes through open disagreements with a person: shows each, reads a verdict line, publishes the
 * review. A line is a verdict letter, optionally followed by a note: {@code s} (the source is wrong),
 * {@code p} (the probe is wrong), {@code a} (ambiguous), {@code n} (next, no verdict), {@code q} (quit).
 * Kafka stays outside: the caller supplies the disagreements and where reviews go.
 */
public final class ReviewSession {
    private final String reviewer;
    private final BufferedReader in;
    private final PrintStream out;
    private final Consumer<Review> publish;

    public ReviewSession(String reviewer, BufferedReader in, PrintStream out, Consumer<Review> publish) {
        this.reviewer = reviewer;
        this.in = in;
        this.out = out;
        this.publish = publish;
    }

    /** A parsed answer: a verdict (null for "next"), a note, or quit. */
    record Answer(Verdict verdict, String note, boolean quit) {
    }

    /** Parses one answer line; null when the line means nothing (asked again). */
    static Answer parse(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return null;
        }
        String note = text.length() > 1 ? text.substring(1).strip() : "";
        return switch (Character.toLowerCase(text.charAt(0))) {
            case 's' -> new Answer(Verdict.SOURCE_WRONG, note.isEmpty() ? null : note, false);
            case 'p' -> new Answer(Verdict.PROBE_WRONG, note.isEmpty() ? null : note, false);
            case 'a' -> new Answer(Verdict.AMBIGUOUS, note.isEmpty() ? null : note, false);
            case 'n' -> new Answer(null, null, false);
            case 'q' -> new Answer(null, null, true);
            default -> null;
        };
    }

    /** Reviews the disagreements not yet in {@code reviewed}; returns how many verdicts were published. */
    public int run(List<Disagreement> open, Set<String> reviewed) throws IOException {
        List<Disagreement> todo = open.stream().filter(d -> !reviewed.contains(d.getSampleId())).toList();
        out.printf(Locale.ROOT, "%d open disagreements (%d already reviewed)%n", todo.size(), open.size() - todo.size());
        int published = 0;
        for (int i = 0; i < todo.size(); i++) {
            Disagreement d = todo.get(i);
            out.printf(Locale.ROOT, "%n[%d/%d] %s%n", i + 1, todo.size(), DisagreementFormat.readable(d));
            Answer answer = null;
            while (answer == null) {
                out.print("verdict? [s]ource wrong, [p]robe wrong, [a]mbiguous (a note may follow), [n]ext, [q]uit: ");
                out.flush();
                String line = in.readLine();
                if (line == null) {
                    return published; // end of input
                }
                answer = parse(line);
            }
            if (answer.quit()) {
                break;
            }
            if (answer.verdict() != null) {
                publish.accept(review(d, answer.verdict(), answer.note(), reviewer));
                published++;
                out.println("  published: " + answer.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        out.printf(Locale.ROOT, "%d verdicts published%n", published);
        return published;
    }

    /** The review record for a verdict on a disagreement. */
    public static Review review(Disagreement d, Verdict verdict, String note, String reviewer) {
        return Review.newBuilder()
                .setSampleId(d.getSampleId())
                .setConcept(d.getConcept())
                .setTarget(d.getTarget())
                .setProbeVersion(d.getProbeVersion())
                .setVerdict(verdict)
                .setReviewer(reviewer)
                .setNote(note)
                .setReviewedAt(Instant.now())
                .build();
    }

    /** A verdict from its command-line name: source-wrong, probe-wrong or ambiguous. */
    public static Verdict verdict(String name) {
        try {
            return Verdict.valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("verdict '" + name + "' is not one of source-wrong, probe-wrong, ambiguous");
        }
    }
}
