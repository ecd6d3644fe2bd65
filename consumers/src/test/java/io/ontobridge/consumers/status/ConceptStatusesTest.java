package io.ontobridge.consumers.status;

import io.ontobridge.schema.ConceptStatus;
import io.ontobridge.schema.DriftDetection;
import io.ontobridge.schema.ModelRef;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConceptStatusesTest {

    private static ConceptStatus status(String status, DriftDetection drift) {
        ModelRef model = new ModelRef("tgt", "2", "b".repeat(64), "layer");
        return ConceptStatus.newBuilder().setConcept("c").setSource(model).setTarget(model).setStatus(status)
                .setPreviousStatus("mapped").setProbeVersion(10).setSamplesSeen(6100).setHeldOutN(200)
                .setHeldOutPearson(0.99).setHeldOutR2(0.98).setSelectivity(0.97).setLift(Double.NaN)
                .setChangedAt(Instant.EPOCH).setDrift(drift).build();
    }

    private static String print(List<ConceptStatus> statuses, boolean json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConceptStatuses.print(statuses, json, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDriftingProbeShowsTheRiseThatRaisedIt() {
        String out = print(List.of(status("concept-drift", new DriftDetection(0.012, 0.31, 6100L, 64L, 6100L))), false);
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        assertTrue(lines.get(1).contains("concept-drift") && lines.get(1).contains("tgt@2"), out);
        assertTrue(lines.get(2).contains("drift: the monitor flags 31.0% of scores, up from 1.2% (ADWIN over 6100"
                + " judged samples, 64 since the change), found at sample 6100"), out);
        assertTrue(print(List.of(status("concept-drift", new DriftDetection(0.012, 0.31, 6100L, 64L, 6100L))), true)
                .contains("\"rateAfter\":0.31"), "the JSON lines carry it too");
    }

    @Test
    void otherStatusesHaveNoDriftLine() {
        String out = print(List.of(status("mapped", null)), false);
        assertEquals(2, out.lines().count(), out);
        assertFalse(out.contains("drift:"), out);
    }
}
