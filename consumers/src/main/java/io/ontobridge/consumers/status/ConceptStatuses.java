package io.ontobridge.consumers.status;

import io.ontobridge.consumers.tail.AvroJson;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.TopicIo;
import io.ontobridge.schema.ConceptStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The current state of every concept and target version: the latest record per key on the compacted
 * concept-status topic (the trainer writes one each time a probe's status changes), with the comparison to the
 * previous version and, under concept-drift, the rise in the disagreement rate that raised it.
 */
public final class ConceptStatuses {
    private ConceptStatuses() {
    }

    /** The latest status of each (concept, target, version), by key. */
    public static Map<String, ConceptStatus> read(ServiceSettings settings) {
        Map<String, ConceptStatus> latest = new TreeMap<>();
        TopicIo.<ConceptStatus>readAll(settings, settings.topics().conceptStatus(), Duration.ofSeconds(60),
                (key, status) -> {
                    if (status == null) {
                        latest.remove(key);
                    } else {
                        latest.put(key, status);
                    }
                });
        return latest;
    }

    /** One line per concept and target version, or one JSON object per line. */
    public static void print(Collection<ConceptStatus> statuses, boolean json, PrintStream out) {
        if (json) {
            statuses.forEach(s -> out.println(AvroJson.toJson(s)));
            return;
        }
        if (statuses.isEmpty()) {
            out.println("no concept status yet: the trainer announces a probe's status with its first snapshot");
            return;
        }
        out.printf(Locale.ROOT, "%-16s %-32s %-28s %9s %8s %8s %8s  %s%n", "concept", "target@version", "status",
                "at sample", "r", "select.", "lift", "since");
        for (ConceptStatus s : statuses) {
            out.printf(Locale.ROOT, "%-16s %-32s %-28s %9d %8.4f %8.4f %8.4f  %s%n", s.getConcept(),
                    s.getTarget().getName() + "@" + s.getTarget().getVersion(), s.getStatus(), s.getSamplesSeen(),
                    s.getHeldOutPearson(), s.getSelectivity(), s.getLift(), s.getChangedAt());
            var c = s.getComparison();
            if (c != null) {
                out.printf(Locale.ROOT, "%-16s   vs version %s (%s): fidelity %.4f -> %.4f, the probes disagree on %.1f%%"
                                + " of %d samples both scored (prediction r %.4f)%n", "", c.getFromVersion(), c.getFromStatus(),
                        c.getFidelityBefore(), c.getFidelityAfter(), 100 * c.getProbeDisagreementShare(), c.getSamples(),
                        c.getPredictionPearson());
            }
            var d = s.getDrift();
            if (d != null) {
                out.printf(Locale.ROOT, "%-16s   drift: the monitor flags %.1f%% of scores, up from %.1f%% (ADWIN over %d judged"
                                + " samples, %d since the change), found at sample %d%n", "", 100 * d.getRateAfter(),
                        100 * d.getRateBefore(), d.getWindow(), d.getSamplesAfter(), d.getDetectedAtSample());
            }
        }
    }
}
