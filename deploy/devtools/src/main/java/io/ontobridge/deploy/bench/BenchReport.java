package io.ontobridge.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/** The bench's figures as a table, each beside its target (issue 6's targets for a 2-core machine). */
public final class BenchReport {
    /** Heap targets: a service that hosts a model, and any other. */
    private static final double MODEL_HOSTING_HEAP_MB = 1536;
    private static final double SERVICE_HEAP_MB = 512;

    private BenchReport() {
    }

    /** One figure: where it is in the JSON, how it reads, and its target (null: reported only). */
    private record Row(String label, String path, String target, DoublePredicate met) {
    }

    private static List<Row> rows(JsonNode result) {
        List<Row> rows = new ArrayList<>(List.of(
                new Row("raw source model", "/raw_source_inference_per_s", null, null),
                new Row("raw target model", "/raw_target_inference_per_s", null, null),
                new Row("raw chain (the limit)", "/raw_chain_per_s", null, null),
                new Row("pipeline", "/pipeline_per_s", null, null),
                new Row("pipeline / raw chain", "/pipeline_vs_raw", ">= 0.85", v -> v >= 0.85),
                new Row("sample->score p50 ms", "/latency_ms/sample_to_score/p50", null, null),
                new Row("sample->score p99 ms", "/latency_ms/sample_to_score/p99", "<= 1000", v -> v <= 1000),
                new Row("sample->disagreement p50 ms", "/latency_ms/sample_to_disagreement/p50", null, null),
                new Row("sample->disagreement p99 ms", "/latency_ms/sample_to_disagreement/p99", null, null),
                new Row("trainer linear, 384 values /s", "/trainer_updates_per_s/linear", ">= 20000", v -> v >= 20000),
                new Row("trainer mlp, 384 values /s", "/trainer_updates_per_s/mlp", null, null),
                new Row("probe online held-out r", "/probe_vs_offline/online_pearson", null, null),
                new Row("probe offline ridge held-out r", "/probe_vs_offline/offline_pearson", null, null),
                new Row("probe online / offline", "/probe_vs_offline/ratio", ">= 0.97", v -> v >= 0.97)));
        List<String> hosting = new ArrayList<>();
        result.path("model_hosting").forEach(name -> hosting.add(name.asText()));
        result.path("heap_limit_mb").fields().forEachRemaining(heap -> {
            double limit = hosting.contains(heap.getKey()) ? MODEL_HOSTING_HEAP_MB : SERVICE_HEAP_MB;
            rows.add(new Row(heap.getKey() + " heap limit MB", "/heap_limit_mb/" + heap.getKey(),
                    String.format(Locale.ROOT, "<= %.0f", limit), v -> v <= limit));
        });
        result.path("peak_rss_mb").fieldNames().forEachRemaining(name ->
                rows.add(new Row(name + " peak RSS MB", "/peak_rss_mb/" + name, null, null)));
        return rows;
    }

    public static void print(ObjectNode result, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Ontobridge bench: %s, %s -> %s, %d cores%n", result.path("scenario").asText(),
                result.path("source_model").asText(), result.path("target_model").asText(),
                result.path("machine").path("cores").asInt());
        out.printf(Locale.ROOT, "  %-32s %12s  %-9s %s%n", "figure", "value", "target", "");
        for (Row row : rows(result)) {
            JsonNode value = result.at(row.path());
            String shown = value.isMissingNode() || value.isNull() ? "-" : format(value.asDouble());
            String verdict = row.met() == null || value.isMissingNode() ? ""
                    : row.met().test(value.asDouble()) ? "met" : "MISSED";
            out.printf(Locale.ROOT, "  %-32s %12s  %-9s %s%n", row.label(), shown,
                    row.target() == null ? "" : row.target(), verdict);
        }
        out.printf(Locale.ROOT, "  bench took %.0f s%n", result.path("bench_seconds").asDouble());
    }

    /** Whether every figure with a target met it (a missing figure counts as missed). */
    public static boolean allTargetsMet(ObjectNode result) {
        return rows(result).stream().filter(r -> r.met() != null).allMatch(r -> {
            JsonNode value = result.at(r.path());
            return !value.isMissingNode() && r.met().test(value.asDouble());
        });
    }

    private static String format(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.4f", value);
    }
}
