package io.ontobridge.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.schema.CodeLength;
import io.ontobridge.schema.CodeLengths;
import io.ontobridge.schema.ConfidenceInterval;
import io.ontobridge.schema.HeldOutFidelity;
import io.ontobridge.schema.ProbeSnapshot;

import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The summary's figures that say how far the probe's figures can be trusted and what it beats: bootstrap intervals
 * beside the held-out figures, the difference-of-means read-out, and the prequential code lengths (minimum
 * description length) of the probe, its control, the difference of means and the baselines; as JSON and as the
 * rows the demo prints.
 */
final class ProbeFigures {
    private ProbeFigures() {
    }

    /** The bootstrap intervals a snapshot carries for a window, as {@code pearson_bootstrap95: [low, high]} etc. */
    static void putBootstrap(ObjectNode node, HeldOutFidelity fidelity) {
        putInterval(node, "pearson_bootstrap95", fidelity.getPearsonBootstrap95());
        putInterval(node, "r2_bootstrap95", fidelity.getR2Bootstrap95());
        putInterval(node, "auroc_bootstrap95", fidelity.getAurocBootstrap95());
    }

    private static void putInterval(ObjectNode node, String name, ConfidenceInterval interval) {
        if (interval != null) {
            node.putArray(name).add(round(interval.getLow())).add(round(interval.getHigh()));
        }
    }

    /** {@code diff_means} and {@code code_lengths} into the summary's probe object, where the snapshot has them. */
    static void put(ObjectNode probe, ProbeSnapshot snapshot) {
        HeldOutFidelity diffMeans = snapshot.getDiffMeans();
        if (diffMeans != null) {
            ObjectNode node = probe.putObject("diff_means");
            node.put("n", diffMeans.getN());
            node.put("pearson", round(diffMeans.getPearson()));
            node.put("r2", round(diffMeans.getR2()));
            if (diffMeans.getAuroc() != null) {
                node.put("auroc", round(diffMeans.getAuroc()));
            }
            putBootstrap(node, diffMeans);
        }
        CodeLengths codes = snapshot.getCodeLengths();
        if (codes != null) {
            ObjectNode node = probe.putObject("code_lengths");
            node.put("code", codes.getCode());
            if (codes.getCode().equals("gaussian")) {
                node.put("precision", codes.getPrecision());
            }
            putCode(node.putObject("probe"), codes.getProbe());
            putCode(node.putObject("control"), codes.getControl());
            putCode(node.putObject("diff_means"), codes.getDiffMeans());
            ObjectNode baselines = node.putObject("baselines");
            codes.getBaselines().forEach((name, code) -> putCode(baselines.putObject(name), code));
        }
    }

    private static void putCode(ObjectNode node, CodeLength code) {
        node.put("n", code.getN());
        node.put("bits", Math.round(code.getBits() * 10) / 10.0);
        node.put("marginal_bits", Math.round(code.getMarginalBits() * 10) / 10.0);
        node.put("compression", round(code.getBits() > 0 ? code.getMarginalBits() / code.getBits() : Double.NaN));
    }

    /** {@code prefix + "bootstrap 95% CI a to b"} for the named interval in the summary, or "" without one. */
    static String bootstrapNote(JsonNode figures, String name, String prefix) {
        JsonNode interval = figures.path(name);
        return interval.isArray() ? prefix + "bootstrap 95% CI " + interval.get(0).asText() + " to "
                + interval.get(1).asText() : "";
    }

    /** The difference of means' and the code lengths' rows, through {@code row} (name, value). */
    static void print(JsonNode probe, BiConsumer<String, String> row) {
        JsonNode diffMeans = probe.path("diff_means");
        if (!diffMeans.isMissingNode()) {
            row.accept("difference of means", "Pearson " + diffMeans.path("pearson").asText()
                    + bootstrapNote(diffMeans, "pearson_bootstrap95", " (") + (diffMeans.has("pearson_bootstrap95")
                    ? ")" : "") + ";  R^2 " + diffMeans.path("r2").asText()
                    + (diffMeans.has("auroc") ? ";  AUROC " + diffMeans.path("auroc").asText() : "")
                    + "  (closed form, not in the lift)");
        }
        JsonNode codes = probe.path("code_lengths");
        if (codes.isMissingNode()) {
            return;
        }
        String code = codes.path("code").asText();
        row.accept("code length (MDL)", String.format(Locale.ROOT, "over %d learned samples, %s", codes.path("probe")
                .path("n").asLong(), code.equals("gaussian") ? String.format(Locale.ROOT,
                "Gaussian code at a precision of %.3g (1/100 of the feature's SD)", codes.path("precision").asDouble())
                : "cross-entropy (1 bit a label is the uniform code)"));
        row.accept("  probe", codeFigures(codes.path("probe")));
        row.accept("  control task", codeFigures(codes.path("control")));
        row.accept("  difference of means", codeFigures(codes.path("diff_means")));
        codes.path("baselines").fields().forEachRemaining(b -> row.accept("  baseline " + b.getKey(),
                codeFigures(b.getValue())));
    }

    private static String codeFigures(JsonNode code) {
        long n = code.path("n").asLong();
        double bits = code.path("bits").asDouble();
        return String.format(Locale.ROOT, "%.0f bits (%.2f a sample), marginal %.0f, compression %.3f", bits,
                n > 0 ? bits / n : Double.NaN, code.path("marginal_bits").asDouble(), code.path("compression").asDouble());
    }

    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1e4) / 1e4 : Double.NaN;
    }
}
