package io.ontobridge.deploy.cli;

import io.ontobridge.consumers.export.DisagreementExport;
import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import io.ontobridge.schema.Disagreement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the disagreement stream, as it stands, to JSON lines and/or a self-contained HTML report",
                "with the inputs (images inline): from the beginning, a point in time, or given offsets."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--jsonl", paramLabel = "FILE", description = "Write one JSON object per disagreement (as tail --json prints it)")
    Path jsonl;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report")
    Path html;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Disagreements written at or after TIME: ISO-8601 (2026-11-26T14:00:00Z) or an age (PT2H, P1D)")
    String since;

    @Option(names = "--from-offsets", paramLabel = "P:O", split = ",",
            description = "Start partition P at offset O (e.g. 0:120,1:98); other partitions from the beginning or --since")
    List<String> fromOffsets;

    @Override
    public Integer call() throws Exception {
        if (jsonl == null && html == null) {
            throw new IllegalArgumentException("--jsonl or --html: name at least one file to write");
        }
        DisagreementExport.From from = new DisagreementExport.From(since == null ? null : time(since), offsets());
        var settings = connection.settings();
        Preflight.check(settings);
        List<String> problems = new ArrayList<>();
        List<Disagreement> disagreements = DisagreementExport.read(settings, from, problems);
        problems.forEach(p -> System.err.println("skipped an undecodable record at " + p));
        if (jsonl != null) {
            DisagreementExport.writeJsonLines(disagreements, jsonl);
            System.out.println("wrote " + disagreements.size() + " disagreements to " + jsonl);
        }
        if (html != null) {
            DisagreementExport.writeHtml(disagreements, "Ontobridge disagreements (" + settings.topics().disagreements()
                    + ")", html);
            System.out.println("wrote " + disagreements.size() + " disagreements to " + html);
        }
        return 0;
    }

    private static Instant time(String text) {
        try {
            return text.startsWith("P") ? Instant.now().minus(Duration.parse(text)) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since: '" + text + "' is neither an ISO-8601 time nor a duration like PT2H");
        }
    }

    private Map<Integer, Long> offsets() {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (fromOffsets != null) {
            for (String pair : fromOffsets) {
                String[] parts = pair.split(":");
                try {
                    offsets.put(Integer.parseInt(parts[0].trim()), Long.parseLong(parts[1].trim()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--from-offsets: '" + pair + "' is not PARTITION:OFFSET");
                }
            }
        }
        return offsets;
    }
}
