package io.ontobridge.consumers.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.SampleInput;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvroJsonTest {
    static Disagreement disagreement() {
        ModelRef model = new ModelRef("m", "1", "f".repeat(64), "L");
        return Disagreement.newBuilder()
                .setSampleId("run-7").setConcept("sentiment").setSource(model).setTarget(model)
                .setInput(SampleInput.newBuilder().setText("The movie was not good.").build())
                .setFeatureValue(0.5).setPrediction(-0.25).setResidual(-0.75).setResidualScale(0.25)
                .setKind("source-higher").setSize(2.5).setResidualThreshold(0.3).setProbeStatus("mapped")
                .setHeldOut(true).setProbeVersion(12).setProbeTrainedOn(400).setReason("far off")
                .setCreatedAt(Instant.parse("2026-01-01T00:00:00Z")).setDetectedAt(Instant.parse("2026-01-01T00:00:01Z"))
                .build();
    }

    @Test
    void writesPlainJson() throws Exception {
        JsonNode json = new ObjectMapper().readTree(AvroJson.toJson(disagreement()));
        assertEquals("run-7", json.get("sampleId").asText());
        assertEquals("The movie was not good.", json.get("input").get("text").asText());
        assertTrue(json.get("input").get("image").isNull());
        assertEquals(-0.25, json.get("prediction").asDouble());
        assertEquals("2026-01-01T00:00:01Z", json.get("detectedAt").asText());
        assertEquals(12, json.get("probeVersion").asLong());
        assertTrue(json.get("heldOut").asBoolean());
    }

    @Test
    void readableFormShowsInputAndBothValues() {
        String text = DisagreementFormat.readable(disagreement());
        assertTrue(text.contains("\"The movie was not good.\""), text);
        assertTrue(text.contains("source 0.5000  probe -0.2500  residual -0.7500: source-higher, 2.5x the threshold 0.3000"), text);
        assertTrue(text.contains("probe v12 (mapped, trained on 400) held-out"), text);
    }

    @Test
    void readableFormSaysTheSidesAndTheInfluencesSign() {
        Disagreement d = disagreement();
        d.setSides("opposite");
        d.setTokenInfluence(java.util.List.of(new io.ontobridge.schema.TokenInfluence("not", -0.4)));
        String text = DisagreementFormat.readable(d);
        assertTrue(text.contains("2.5x the threshold 0.3000, on opposite sides of the concept"), text);
        assertTrue(text.contains("source reads it from (its feature with the word minus without): not -0.400"), text);
    }

    @Test
    void aBinarizedConceptsDisagreementComparesDecisionsNotAProbabilityWithARawValue() {
        // A logistic probe: source -0.5362 is below the concept's threshold 0, the probe's probability 0.702 is over
        // its boundary 0.5; the residual is the probability minus the source's label 0.
        Disagreement d = disagreement();
        d.setFeatureValue(-0.5362);
        d.setPrediction(0.702);
        d.setResidual(0.702);
        d.setKind("probe-higher");
        d.setSize(0.404);
        d.setResidualThreshold(0.5);
        d.setJudgedBy("decision");
        String text = DisagreementFormat.readable(d);
        assertTrue(text.contains("source -0.5362 (absent)  probe probability 0.7020 (present, boundary 0.5000): "
                + "probe-higher, the probe 40% of the way from the boundary to certain"), text);
        assertTrue(!text.contains("x the threshold"), text);
    }

    @Test
    void theGroupsDescriptionAndTheMapsAreNestedJsonNotStrings() throws Exception {
        Disagreement d = GroupFixtures.member("run-9", 3, 20, GroupFixtures.largeShapes(), 5);
        d.getGroup().setReviews(java.util.Map.of("PROBE_WRONG", 2));
        JsonNode json = new ObjectMapper().readTree(AvroJson.toJson(d));
        JsonNode description = json.get("group").get("description");
        assertTrue(description.isObject(), json.toString());
        assertEquals(20, description.get("members").asInt());
        assertEquals(812, description.get("compared").asInt());
        assertTrue(description.get("factors").isArray());
        assertEquals("size", description.get("factors").get(0).get("name").asText());
        assertEquals(0.93, description.get("factors").get(0).get("effect").asDouble());
        assertEquals(8.35, description.get("factors").get(0).get("groupMin").asDouble());
        assertEquals(1.5, description.get("sourceConcepts").get(0).get("smd").asDouble());
        assertTrue(description.get("text").asText().startsWith("size 8.35-9.94 (rest 4.01-10.96)"));
        // Avro maps are objects too, not "{size=9.2, ...}".
        assertTrue(json.get("factors").isObject(), json.get("factors").toString());
        assertEquals(9.2, json.get("factors").get("size").asDouble());
        assertEquals(2, json.get("group").get("reviews").get("PROBE_WRONG").asInt());
        assertTrue(new ObjectMapper().readTree(AvroJson.toJson(disagreement())).get("group").isNull());
    }

    @Test
    void readableFormShowsTheGroupsDescriptionUnderTheGroup() {
        String text = DisagreementFormat.readable(GroupFixtures.member("run-9", 3, 20, GroupFixtures.largeShapes(), 5));
        assertTrue(text.contains("""
                  group 3: 20 so far
                    described (20 members against 812 recent samples on their side of the concept): \
                size 8.35-9.94 (rest 4.01-10.96); x 9.00-22.00 (rest 4.00-27.00); source's size +1.5 SD""".replace("\n",
                System.lineSeparator())), text);
        String undescribed = DisagreementFormat.readable(GroupFixtures.member("run-1", 3, 1, null, 1));
        assertTrue(undescribed.contains("group 3: new"), undescribed);
        assertTrue(!undescribed.contains("described"), undescribed);
    }
}
