package io.ontobridge.deploy.validate;

import io.ontobridge.deploy.demo.RunTally.Scored;
import io.ontobridge.probe.metrics.BinaryMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** How well a score separates a planted region from the rest: AUROCs, their standard error, a conditional one. */
final class RegionAurocs {
    private RegionAurocs() {
    }

    /** {@link BinaryMetrics#auroc} of {@code positives} (label 1) against {@code negatives} (label 0). */
    static double auroc(List<Double> positives, List<Double> negatives) {
        double[] scores = new double[positives.size() + negatives.size()];
        int[] labels = new int[scores.length];
        for (int i = 0; i < positives.size(); i++) {
            scores[i] = positives.get(i);
            labels[i] = 1;
        }
        for (int i = 0; i < negatives.size(); i++) {
            scores[positives.size() + i] = negatives.get(i);
        }
        return BinaryMetrics.auroc(scores, labels);
    }

    /**
     * Each held-out sample's |residual| over the root-mean-square residual of the learned samples in its decile of
     * the source feature, then the AUROC of that ratio, region against the rest.
     */
    static double bySourceDecile(Iterable<Scored> scores, Predicate<Map<String, Double>> region,
                                 Predicate<Scored> worldDraw) {
        List<Scored> truth = new ArrayList<>();
        scores.forEach(s -> {
            if (worldDraw.test(s)) {
                truth.add(s);
            }
        });
        if (truth.size() < 20) {
            return Double.NaN;
        }
        double[] sorted = truth.stream().mapToDouble(Scored::feature).sorted().toArray();
        double[] edges = new double[9];
        for (int k = 1; k <= 9; k++) {
            edges[k - 1] = sorted[k * sorted.length / 10];
        }
        double[] sumSquares = new double[10];
        int[] counts = new int[10];
        for (Scored s : truth) {
            if (!s.heldOut()) {
                int bin = decile(edges, s.feature());
                double r = s.feature() - s.prediction();
                sumSquares[bin] += r * r;
                counts[bin]++;
            }
        }
        List<Double> in = new ArrayList<>();
        List<Double> out = new ArrayList<>();
        for (Scored s : truth) {
            int bin = decile(edges, s.feature());
            if (s.heldOut() && counts[bin] > 0) {
                double ratio = Math.abs(s.feature() - s.prediction()) / Math.sqrt(sumSquares[bin] / counts[bin] + 1e-12);
                (region.test(s.factors()) ? in : out).add(ratio);
            }
        }
        return auroc(in, out);
    }

    private static int decile(double[] edges, double value) {
        int bin = 0;
        while (bin < edges.length && value >= edges[bin]) {
            bin++;
        }
        return bin;
    }

    /** Hanley and McNeil's standard error of an AUROC {@code a} from {@code p} positives and {@code n} negatives. */
    static double standardError(double a, int p, int n) {
        if (Double.isNaN(a) || p == 0 || n == 0) {
            return Double.NaN;
        }
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        return Math.sqrt((a * (1 - a) + (p - 1) * (q1 - a * a) + (n - 1) * (q2 - a * a)) / ((double) p * n));
    }
}
