package io.ontobridge.probe.learn;

import io.ontobridge.probe.Probes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static io.ontobridge.probe.learn.SyntheticRegression.*;

/**
 * Measurements, printed not asserted. Runs only with {@code -Dontobridge.probe.report=true} because it takes
 * a while: a learning-rate / batch / steps-per-batch grid at 1000, 2700 and 4000 samples against closed form.
 */
class LinearProbeReportTest {

    private static final int[] CHECKPOINTS = {1000, 2700, 4000};

    @Test
    void convergenceReport() {
        Assumptions.assumeTrue(Boolean.getBoolean("ontobridge.probe.report"), "set -Dontobridge.probe.report=true");
        int dim = Integer.getInteger("ontobridge.probe.reportDim", 384);
        for (int factors : dim > 32 ? new int[] {0, 32} : new int[] {0, 3}) {
            SyntheticRegression gen = new SyntheticRegression(dim, 42, factors);
            Data train = gen.draw(4000);
            Data test = gen.draw(500);
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%n== dim %d, %s x ==%n%-28s",
                    dim, factors == 0 ? "independent" : factors + "-factor correlated", "held-out Pearson at n ="));
            for (int n : CHECKPOINTS) head.append(String.format(Locale.ROOT, "%8d", n));
            System.out.println(head);
            StringBuilder cf = new StringBuilder(String.format(Locale.ROOT, "%-28s", "closed form (ridge 1e-6)"));
            for (int n : CHECKPOINTS)
                cf.append(String.format(Locale.ROOT, "%8.4f", pearson(predictAll(leastSquares(train, n, 1e-6), test), test.y())));
            System.out.println(cf);
            System.out.println(String.format(Locale.ROOT, "%-28s%8.4f", "true model", pearson(gen.truth(test), test.y())));
            {
                ProbeSettings d = ProbeSettings.defaults(dim);
                MlpProbe p = Probes.linear(d);
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-28s",
                        String.format(Locale.ROOT, "DEFAULT lr=%.4f avg=%s", d.learningRate(), d.averaging())));
                int seen = 0;
                for (int n : CHECKPOINTS) {
                    for (; seen < n; seen++) p.learn(train.x()[seen], train.y()[seen]);
                    row.append(String.format(Locale.ROOT, "%8.4f", pearson(predictAll(p, test), test.y())));
                }
                System.out.println(row);
            }
            for (int batch : new int[] {32, 8}) {
                for (double avg : new double[] {0, 0.9, 0.97}) {
                    int k = 1;
                    for (double lr : (dim > 32 ? new double[] {0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.02, 0.05}
                            : new double[] {0.005, 0.01, 0.02, 0.035, 0.05, 0.1, 0.2})) {
                        if (batch == 8 && avg == 0.97) continue;
                        MlpProbe p = Probes.linear(ProbeSettings.defaults(dim).withLearningRate(lr)
                                .withBatchSize(batch).withStepsPerBatch(k).withAveraging(avg));
                        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "b=%-3d avg=%-4s lr=%-6s", batch, avg, lr));
                        row.append(" ".repeat(Math.max(0, 28 - row.length())));
                        int seen = 0;
                        for (int n : CHECKPOINTS) {
                            for (; seen < n; seen++) p.learn(train.x()[seen], train.y()[seen]);
                            row.append(String.format(Locale.ROOT, "%8.4f", pearson(predictAll(p, test), test.y())));
                        }
                        row.append(String.format(Locale.ROOT, "   steps=%d skipped=%d", p.steps(), p.skippedSteps()));
                        System.out.println(row);
                    }
                }
            }
        }
    }
}
