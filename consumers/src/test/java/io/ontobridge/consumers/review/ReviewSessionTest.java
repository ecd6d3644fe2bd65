package io.ontobridge.consumers.review;

import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.Review;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.schema.Verdict;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewSessionTest {
    private static Disagreement disagreement(String id) {
        ModelRef model = new ModelRef("m", "1", "f".repeat(64), "L");
        return Disagreement.newBuilder()
                .setSampleId(id).setConcept("c").setSource(model).setTarget(model)
                .setInput(SampleInput.newBuilder().setText("text " + id).build())
                .setFeatureValue(1).setPrediction(0).setResidual(-1).setResidualScale(0.3)
                .setKind("source-higher").setSize(2).setResidualThreshold(0.5).setProbeStatus("mapped")
                .setHeldOut(false).setProbeVersion(7).setProbeTrainedOn(300).setReason("r")
                .setCreatedAt(Instant.EPOCH).setDetectedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void parsesVerdictLetterAndNote() {
        assertEquals(Verdict.PROBE_WRONG, ReviewSession.parse("p").verdict());
        ReviewSession.Answer withNote = ReviewSession.parse("S  clearly positive ");
        assertEquals(Verdict.SOURCE_WRONG, withNote.verdict());
        assertEquals("clearly positive", withNote.note());
        assertEquals(Verdict.AMBIGUOUS, ReviewSession.parse("a").verdict());
        assertNull(ReviewSession.parse("n").verdict());
        assertTrue(ReviewSession.parse("q").quit());
        assertNull(ReviewSession.parse("x"));
        assertNull(ReviewSession.parse("   "));
        assertEquals(Verdict.PROBE_WRONG, ReviewSession.verdict("probe-wrong"));
        assertThrows(IllegalArgumentException.class, () -> ReviewSession.verdict("maybe"));
    }

    @Test
    void goesThroughOpenDisagreementsSkippingReviewedOnesAndStopsOnQuit() throws Exception {
        List<Review> published = new ArrayList<>();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        String answers = "p wrong layer\n?\ns\nn\nq\n";
        ReviewSession session = new ReviewSession("ann", new BufferedReader(new StringReader(answers)),
                new PrintStream(screen, true), published::add);
        int count = session.run(List.of(disagreement("a"), disagreement("b"), disagreement("c"), disagreement("d"),
                disagreement("e")), Set.of("b"));
        assertEquals(2, count);
        assertEquals(List.of("a", "c"), published.stream().map(Review::getSampleId).toList());
        assertEquals(Verdict.PROBE_WRONG, published.get(0).getVerdict());
        assertEquals("wrong layer", published.get(0).getNote());
        assertEquals("ann", published.get(0).getReviewer());
        assertEquals(7, published.get(0).getProbeVersion());
        assertEquals(Verdict.SOURCE_WRONG, published.get(1).getVerdict());
        String shown = screen.toString();
        assertTrue(shown.contains("4 open disagreements (1 already reviewed)"), shown);
        assertTrue(shown.contains("\"text a\""), shown);
        assertTrue(shown.contains("2 verdicts published"), shown);
    }
}
