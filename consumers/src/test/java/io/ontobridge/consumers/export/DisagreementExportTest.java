package io.ontobridge.consumers.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.SampleInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisagreementExportTest {
    @TempDir
    Path dir;

    private static Disagreement disagreement(String id, SampleInput input, Instant at) {
        ModelRef model = new ModelRef("m", "2", "f".repeat(64), "L");
        return Disagreement.newBuilder()
                .setSampleId(id).setConcept("c").setSource(model).setTarget(model).setInput(input)
                .setFeatureValue(1.5).setPrediction(0.25).setResidual(-1.25).setResidualScale(0.3)
                .setKind("source-higher").setSize(2).setResidualThreshold(0.5).setProbeStatus("mapped")
                .setHeldOut(false).setProbeVersion(7).setProbeTrainedOn(300).setReason("beyond the threshold")
                .setCreatedAt(at).setDetectedAt(at)
                .build();
    }

    private final List<Disagreement> two = List.of(
            disagreement("t-1", SampleInput.newBuilder().setText("<b>bold</b> & \"quoted\"").build(), Instant.EPOCH),
            disagreement("i-2", SampleInput.newBuilder().setImage(ByteBuffer.wrap(new byte[]{(byte) 0x89, 'P', 'N', 'G'}))
                    .build(), Instant.EPOCH.plusSeconds(5)));

    @Test
    void jsonLinesHoldOneDisagreementPerLineAsTailPrintsThem() throws Exception {
        Path file = dir.resolve("d.jsonl");
        DisagreementExport.writeJsonLines(two, file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        var first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("t-1", first.get("sampleId").asText());
        assertEquals(1.5, first.get("featureValue").asDouble());
        assertEquals("iVBORw==", new ObjectMapper().readTree(lines.get(1)).get("input").get("image").asText());
    }

    @Test
    void theReportIsOnePageWithImagesInlineAndEveryTextEscaped() throws Exception {
        Path file = dir.resolve("d.html");
        DisagreementExport.writeHtml(two, "Report <1>", file);
        String html = Files.readString(file);
        assertTrue(html.contains("<title>Report &lt;1&gt;</title>"));
        assertTrue(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"), "input text escaped");
        assertFalse(html.contains("<b>bold</b>"));
        assertTrue(html.contains("<img alt=\"input\" src=\"data:image/png;base64,iVBORw==\">"), "image inline");
        assertTrue(html.contains("2 disagreements, detected 1970-01-01T00:00:00Z to 1970-01-01T00:00:05Z"));
        assertTrue(html.contains("<td>m@2</td>"), "the target version");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing fetched from elsewhere");
        assertEquals(2, html.split("<tr data-sample=").length - 1);
    }
}
