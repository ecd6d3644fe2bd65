package io.ontobridge.deploy.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.schema.HeldOutFidelity;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DemoSummaryTest {
    @Test
    void aModesFiguresOverTooFewSamplesAreNotPrintedAsFigures() throws Exception {
        ObjectNode few = new ObjectMapper().createObjectNode();
        few.put("n", 6).put("pearson", 0.1).put("r2", -12.8);
        assertEquals("n=6: too few held-out samples to judge (at least 20)", DemoSummary.modeFigures(few));

        ObjectNode enough = new ObjectMapper().createObjectNode();
        enough.put("n", 200).put("pearson", 0.9).put("r2", 0.8);
        DemoSummary.putInterval(enough, HeldOutFidelity.newBuilder().setSeen(200L).setN(200).setPearson(0.9).setR2(0.8)
                .build());
        assertEquals("Pearson 0.9  R^2 0.8  (n=200, Pearson 95% CI 0.8699 to 0.9234)", DemoSummary.modeFigures(enough));
    }
}
