package io.ontobridge.consumers.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ontobridge.consumers.tail.GroupFixtures;
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
        assertTrue(html.contains("in 0 groups"), "no group sections for ungrouped records");
        assertFalse(html.contains("<section"));
    }

    private final List<Disagreement> grouped = List.of(
            GroupFixtures.member("g-1", 3, 1, null, 1),
            GroupFixtures.member("g-2", 3, 5, GroupFixtures.largeShapes(), 2),
            GroupFixtures.member("h-1", 4, 1, null, 3));

    @Test
    void jsonLinesCarryTheGroupsDescriptionAsNestedJson() throws Exception {
        Path file = dir.resolve("g.jsonl");
        DisagreementExport.writeJsonLines(grouped, file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        var json = new ObjectMapper();
        var described = json.readTree(lines.get(1)).get("group").get("description");
        assertEquals(20, described.get("members").asInt());
        assertEquals("size", described.get("factors").get(0).get("name").asText());
        assertEquals(8.35, described.get("factors").get(0).get("groupMin").asDouble());
        assertEquals("size", described.get("sourceConcepts").get(0).get("name").asText());
        assertEquals(GroupFixtures.largeShapes().getText(), described.get("text").asText());
        assertTrue(json.readTree(lines.get(0)).get("group").get("description").isNull());
        assertEquals(9.2, json.readTree(lines.get(0)).get("factors").get("size").asDouble());
    }

    @Test
    void theReportHasASectionPerGroupWithItsDescriptionContrastsAndMembers() throws Exception {
        Path file = dir.resolve("g.html");
        var description = GroupFixtures.largeShapes();
        description.setText("size <8> & more");
        List<Disagreement> records = List.of(grouped.get(0), GroupFixtures.member("g-2", 3, 5, description, 2), grouped.get(2));
        DisagreementExport.writeHtml(records, "groups", file);
        String html = Files.readString(file);
        assertTrue(html.contains("3 disagreements, detected"), html);
        assertTrue(html.contains("in 2 groups."));
        List<String> sections = List.of(html.split("<section ")).subList(1, 3);
        // Largest first: group 3 (5 so far) before group 4 (1).
        assertTrue(sections.get(0).startsWith("class=\"group\" id=\"group-1\" data-group=\"triangle|shapes-cnn|1|3\""));
        assertTrue(sections.get(0).contains("<p class=\"description\">size &lt;8&gt; &amp; more</p>"), "escaped");
        assertTrue(sections.get(0).contains("20 members against 812 recent samples on their side of the concept"));
        assertTrue(sections.get(0).contains("<tr><td>size</td><td>8.35 to 9.94 (mean 9.10)</td><td>4.01 to 10.96 (mean 6.00)</td>"
                + "<td class=\"num\">+0.93</td><td class=\"num\">+2.10</td></tr>"), sections.get(0));
        assertTrue(sections.get(0).contains("<tr><td>source&#39;s size</td>"));
        assertTrue(sections.get(0).contains("5 disagreements so far, 2 of them in this report"));
        assertEquals(2, sections.get(0).split("<img alt=\"member ").length - 1, "a montage of both members");
        assertTrue(sections.get(1).startsWith("class=\"group\" id=\"group-2\" data-group=\"triangle|shapes-cnn|1|4\""));
        assertTrue(sections.get(1).contains("Not described"));
        // Each row links to its group's section.
        assertTrue(html.contains("<tr data-sample=\"h-1\">"));
        assertTrue(html.contains("<a href=\"#group-2\">4</a> (1)"));
        assertEquals(3, html.split("<img alt=\"input\"").length - 1, "every input in the table");
    }

    @Test
    void textMembersAreAListInTheMontage() throws Exception {
        Disagreement text = GroupFixtures.member("t-1", 5, 1, null, 1);
        text.setInput(SampleInput.newBuilder().setText("not <good>").build());
        Path file = dir.resolve("t.html");
        DisagreementExport.writeHtml(List.of(text), "texts", file);
        assertTrue(Files.readString(file).contains("<div class=\"montage\"><ul class=\"texts\"><li>not &lt;good&gt;</li></ul></div>"));
    }
}
