package io.ontobridge.deploy.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.schema.CodeLength;
import io.ontobridge.schema.CodeLengths;
import io.ontobridge.schema.ConfidenceInterval;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.HeldOutFidelity;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.ProbeSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The summary's intervals, difference of means and code lengths, from a snapshot to the JSON and printed rows. */
class ProbeFiguresTest {

    private static ProbeSnapshot snapshot(HeldOutFidelity heldOut, HeldOutFidelity diffMeans, CodeLengths codes) {
        ModelRef model = new ModelRef("m", "1", "0".repeat(64), "layer");
        return ProbeSnapshot.newBuilder().setConcept("c").setSource(model).setTarget(model).setKind("linear")
                .setVersion(1).setSamplesSeen(3000).setTrainedOn(2700).setHeldOut(heldOut).setDiffMeans(diffMeans)
                .setCodeLengths(codes).setWeights(Float32Tensors.vector(new float[0])).setBias(0)
                .setUpdatedAt(Instant.EPOCH).build();
    }

    private static HeldOutFidelity fidelity(double pearson, ConfidenceInterval interval) {
        return HeldOutFidelity.newBuilder().setSeen(300).setN(200).setPearson(pearson).setR2(pearson * pearson)
                .setPearsonBootstrap95(interval).build();
    }

    @Test
    void theSummaryCarriesTheIntervalsTheDifferenceOfMeansAndTheCodeLengths() {
        CodeLengths codes = CodeLengths.newBuilder().setCode("gaussian").setPrecision(0.0123)
                .setProbe(new CodeLength(2698L, 12000.0, 18000.0))
                .setControl(new CodeLength(2698L, 18100.0, 18050.0))
                .setDiffMeans(new CodeLength(2698L, 15000.0, 18000.0))
                .setBaselines(Map.of("input", new CodeLength(2698L, 16000.0, 18000.0))).build();
        ProbeSnapshot snapshot = snapshot(fidelity(0.95, new ConfidenceInterval(0.931234, 0.962)),
                fidelity(0.9, null), codes);
        ObjectNode heldOut = new ObjectMapper().createObjectNode();
        ProbeFigures.putBootstrap(heldOut, snapshot.getHeldOut());
        assertEquals("[0.9312,0.962]", heldOut.path("pearson_bootstrap95").toString(), "rounded to four places");
        assertFalse(heldOut.has("r2_bootstrap95"), "none in the snapshot, none in the summary");

        ObjectNode probe = new ObjectMapper().createObjectNode();
        ProbeFigures.put(probe, snapshot);
        assertEquals(0.9, probe.path("diff_means").path("pearson").asDouble());
        assertEquals(1.5, probe.path("code_lengths").path("probe").path("compression").asDouble(), "18000 / 12000");
        assertEquals(0.9972, probe.path("code_lengths").path("control").path("compression").asDouble());
        assertEquals(1.125, probe.path("code_lengths").path("baselines").path("input").path("compression").asDouble());
        assertEquals(0.0123, probe.path("code_lengths").path("precision").asDouble());

        List<String> rows = new ArrayList<>();
        ProbeFigures.print(probe, (name, value) -> rows.add(name.trim() + ": " + value));
        assertEquals("difference of means: Pearson 0.9;  R^2 0.81  (closed form, not in the lift)", rows.get(0));
        assertEquals("code length (MDL): over 2698 learned samples, Gaussian code at a precision of 0.0123 (1/100 of "
                + "the feature's SD)", rows.get(1));
        assertEquals("probe: 12000 bits (4.45 a sample), marginal 18000, compression 1.500", rows.get(2));
        assertTrue(rows.get(3).startsWith("control task: 18100 bits"), rows.get(3));
        assertTrue(rows.get(5).startsWith("baseline input: 16000 bits"), rows.get(5));
        assertEquals(", bootstrap 95% CI 0.9312 to 0.962", ProbeFigures.bootstrapNote(heldOut, "pearson_bootstrap95", ", "));
        assertEquals("", ProbeFigures.bootstrapNote(heldOut, "r2_bootstrap95", ", "));
    }

    @Test
    void aSnapshotWithoutThemLeavesTheSummaryAsItWas() {
        ProbeSnapshot old = snapshot(fidelity(0.95, null), null, null);
        ObjectNode probe = new ObjectMapper().createObjectNode();
        ProbeFigures.put(probe, old);
        ProbeFigures.putBootstrap(probe, old.getHeldOut());
        assertEquals("{}", probe.toString());
        List<String> rows = new ArrayList<>();
        ProbeFigures.print(probe, (name, value) -> rows.add(name));
        assertTrue(rows.isEmpty());
    }
}
