package io.ontobridge.streams.trainer;

import io.ontobridge.streams.trainer.GoldenData.Expected;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import static io.ontobridge.streams.trainer.GoldenTrainerStatesTest.DIM;

/**
 * Throwaway: writes the trainer's persisted structures, as the code before the probe library was cut out writes
 * them, with the values they give, to {@code -Dontobridge.golden.write=DIR}. Run once against that code (with the
 * DJL steps): {@code ./mvnw -o -q -B -pl streams -am test -Dtest='WriteGolden*' -Dsurefire.failIfNoSpecifiedTests=false
 * -Dontobridge.golden.write=/tmp/golden}; {@link GoldenTrainerStatesTest} reads the files with the code as it is now.
 */
class WriteGoldenStates {

    @Test
    void write() throws IOException {
        String dir = System.getProperty("ontobridge.golden.write");
        Assumptions.assumeTrue(dir != null, "set -Dontobridge.golden.write=DIR");
        Path out = Path.of(dir);
        Files.createDirectories(out);

        probe(out, "linear-probe", LinearProbe.create(ProbeSettings.defaults(DIM).withL2(1e-4)));
        probe(out, "linear-probe-plain", LinearProbe.create(ProbeSettings.defaults(DIM).withAveraging(0)
                .withBatchSize(16).withStepsPerBatch(2)));
        probe(out, "logistic-probe", LogisticProbe.create(DIM, ProbeLoss.logistic(0.5, 1, 3)));
        MlpSettings sq = MlpSettings.defaults(DIM, List.of(6, 4), ProbeLoss.squared());
        probe(out, "mlp-squared", MlpProbe.create(sq.withBase(sq.base().withL2(1e-4).withStepsPerBatch(2))));
        MlpSettings lg = MlpSettings.defaults(DIM, List.of(6), ProbeLoss.logistic(0, 2, 1));
        probe(out, "mlp-logistic", MlpProbe.create(lg.withBase(lg.base().withAveraging(0))));

        RunningStats stats = new RunningStats(DIM, 1e-6);
        for (float[] x : GoldenData.vectors(11, 100, DIM)) {
            stats.update(x, GoldenData.linearTarget(x));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            stats.write(data);
        }
        Files.write(out.resolve("running-stats.state"), bytes.toByteArray());
        Expected s = new Expected();
        GoldenTrainerStatesTest.describeStats(s, stats);
        s.save(out.resolve("running-stats.expected"));

        for (boolean binary : new boolean[]{false, true}) {
            String name = binary ? "fidelity-window-binary" : "fidelity-window";
            FidelityWindow w = GoldenTrainerStatesTest.goldenWindow(binary);
            ByteArrayOutputStream windowBytes = new ByteArrayOutputStream();
            try (DataOutputStream data = new DataOutputStream(windowBytes)) {
                w.write(data);
            }
            Files.write(out.resolve(name + ".state"), windowBytes.toByteArray());
            Expected e = new Expected();
            GoldenTrainerStatesTest.describeWindow(e, w, binary);
            e.save(out.resolve(name + ".expected"));
        }

        tracked(out, "tracked-linear", GoldenTrainerStatesTest.TRACKED_LINEAR, GoldenData::linearTarget, "truth");
        tracked(out, "tracked-mlp", GoldenTrainerStatesTest.TRACKED_MLP, GoldenData::xorTarget, null);

        Map<String, float[]> baselines = new TreeMap<>(Map.of("input", new float[]{0.5f, Float.MIN_VALUE},
                "random_init", new float[]{-1e30f}));
        Files.write(out.resolve("probe-update-1.state"), new ProbeUpdate(new float[]{1.25f, -3f, 7e-8f}, baselines,
                Math.PI, -0.1, true, "world", 1.0, null).toBytes());
        Files.write(out.resolve("probe-update-2.state"), new ProbeUpdate(GoldenData.vectors(61, 1, 5)[0], Map.of(),
                -2.5, 0.75, false, "", null, 1.5).toBytes());

        Files.write(out.resolve("flagged.state"),
                new ReviewLearner.Flagged(GoldenData.vectors(31, 1, DIM)[0], 1.25, -0.5).toBytes());

        for (boolean binarized : new boolean[]{false, true}) {
            String name = binarized ? "version-comparison-binarized" : "version-comparison";
            VersionComparison c = GoldenTrainerStatesTest.goldenComparison(binarized ? 0.5 : Double.NaN);
            Files.write(out.resolve(name + ".state"), c.toBytes());
            new Expected().put("fromVersion", c.fromVersion()).put("samples", c.samples())
                    .put("disagreementShare", c.disagreementShare()).put("predictionPearson", c.predictionPearson())
                    .save(out.resolve(name + ".expected"));
        }

        LastScored last = LastScored.first("s-7", "1", 0.25);
        last.predictions().put("2", -1.5);
        last.predictions().put("3", 1e-300);
        Files.write(out.resolve("last-scored.state"), last.toBytes());
    }

    private static void probe(Path out, String name, Probe probe) throws IOException {
        ToDoubleFunction<float[]> target = GoldenTrainerStatesTest.PROBES.get(name);
        GoldenTrainerStatesTest.learnGolden(probe, target);
        Files.write(out.resolve(name + ".state"), probe.toBytes());
        Expected e = new Expected();
        GoldenTrainerStatesTest.describeProbe(e, "", probe);
        GoldenTrainerStatesTest.learnOn(probe, target);
        GoldenTrainerStatesTest.describeProbe(e, "after.", probe);
        e.save(out.resolve(name + ".expected"));
    }

    private static void tracked(Path out, String name, io.ontobridge.platform.concept.ProbeSpec spec,
                                ToDoubleFunction<float[]> target, String factor) throws IOException {
        TrackedProbe probe = GoldenTrainerStatesTest.goldenTracked(spec, target, factor);
        Files.write(out.resolve(name + ".state"), probe.toBytes());
        Expected e = new Expected();
        GoldenTrainerStatesTest.describeTracked(e, "", probe, spec);
        GoldenTrainerStatesTest.feed(probe, d -> Probes.fromSpec(spec, d), target, 23, "t-", 100);
        GoldenTrainerStatesTest.describeTracked(e, "after.", probe, spec);
        e.save(out.resolve(name + ".expected"));
    }
}
