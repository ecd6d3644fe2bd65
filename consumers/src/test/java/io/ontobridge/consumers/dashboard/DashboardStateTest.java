package io.ontobridge.consumers.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ontobridge.consumers.review.ReviewSession;
import io.ontobridge.consumers.tail.GroupFixtures;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.schema.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.ontobridge.consumers.tail.GroupFixtures.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardStateTest {
    private static final String GROUP_3 = "triangle|shapes-cnn|1|3";

    /** Group 3: three members, described from the second; group 4: one member. */
    private static DashboardState state() {
        DashboardState state = new DashboardState();
        state.add(member("g-1", 3, 1, null, 1));
        state.add(member("g-2", 3, 5, GroupFixtures.largeShapes(), 2));
        state.add(member("h-1", 4, 1, null, 3));
        state.add(member("g-3", 3, 20, GroupFixtures.largeShapes(), 4));
        return state;
    }

    /** The state as the page reads it, through JSON text as /api/state serves it. */
    private static JsonNode json(DashboardState state) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        return mapper.readTree(mapper.writeValueAsString(state.toJson()));
    }

    @Test
    void theStateCarriesACardPerGroupWithItsDescriptionMontageAndGrowth() throws Exception {
        DashboardState state = state();
        state.add(ReviewSession.review(state.disagreement("g-1"), Verdict.PROBE_WRONG, null, "me"));
        JsonNode groups = json(state).get("groups");

        assertEquals(2, groups.size());
        JsonNode g = groups.get(0);
        assertEquals(GROUP_3, g.get("key").asText(), "largest first");
        assertEquals(3, g.get("id").asLong());
        assertEquals(20, g.get("size").asInt());
        assertEquals(3, g.get("members").asInt());
        JsonNode description = g.get("description");
        assertEquals(GroupFixtures.largeShapes().getText(), description.get("text").asText());
        assertEquals("size", description.get("factors").get(0).get("name").asText());
        assertEquals(0.93, description.get("factors").get(0).get("effect").asDouble());
        assertEquals(1.5, description.get("sourceConcepts").get(0).get("smd").asDouble());
        assertEquals(List.of("g-1", "g-2", "g-3"), ids(g.get("montage")));
        assertTrue(g.get("montage").get(0).get("image").asText().startsWith("data:image/png;base64,"));
        assertEquals("PROBE_WRONG", g.get("montage").get(0).get("verdict").asText());
        List<Integer> sizes = new ArrayList<>();
        g.get("growth").forEach(p -> sizes.add(p.get("size").asInt()));
        assertEquals(List.of(1, 5, 20), sizes);
        assertEquals(1040, g.get("growth").get(2).get("learned").asLong());
        assertEquals(1, g.get("verdicts").get("PROBE_WRONG").asInt());
        assertEquals(2, g.get("unreviewed").asInt());

        JsonNode h = groups.get(1);
        assertTrue(h.get("description").isNull(), "not described yet");
        assertEquals(0, h.get("verdicts").size());
        // The feed still lists every disagreement, each naming its group's card.
        assertEquals(4, json(state).get("feed").size());
        assertEquals(GROUP_3, json(state).get("feed").get(0).get("groupKey").asText());
    }

    @Test
    void aGroupVerdictReachesTheMembersWithoutOne() {
        DashboardState state = state();
        state.add(ReviewSession.review(state.disagreement("g-2"), Verdict.AMBIGUOUS, null, "me"));
        DashboardState.GroupReview review = state.groupReview(GROUP_3);
        assertEquals(List.of("g-1", "g-3"), review.open().stream().map(Disagreement::getSampleId).toList());
        assertEquals(1, review.reviewed());
        assertNull(state.groupReview("triangle|shapes-cnn|1|99"));

        review.open().forEach(d -> state.add(ReviewSession.review(d, Verdict.SOURCE_WRONG, "group", "me")));
        assertEquals(List.of(), state.groupReview(GROUP_3).open());
        assertEquals(3, state.groupReview(GROUP_3).reviewed());
    }

    @Test
    void textMembersAreShownAsTheirText() throws Exception {
        DashboardState state = new DashboardState();
        Disagreement text = member("t-1", 7, 1, null, 1);
        text.setInput(SampleInput.newBuilder().setText("The movie was not good.").build());
        state.add(text);
        JsonNode member = json(state).get("groups").get(0).get("montage").get(0);
        assertEquals("The movie was not good.", member.get("text").asText());
        assertTrue(member.get("image") == null);
    }

    @Test
    void onlyTheLargestGroupsAreShownAndTheStalestAreForgotten() throws Exception {
        DashboardState state = new DashboardState();
        for (int i = 0; i < DashboardState.GROUPS_KEPT + 1; i++) {
            state.add(member("s-" + i, i, 1 + i % 7, null, i));
        }
        assertNull(state.groupReview("triangle|shapes-cnn|1|0"), "the group not grown for longest is dropped");
        assertEquals(1, state.groupReview("triangle|shapes-cnn|1|1").open().size());
        JsonNode groups = json(state).get("groups");
        assertEquals(DashboardState.GROUPS_SHOWN, groups.size());
        groups.forEach(g -> assertEquals(7, g.get("size").asInt()));
    }

    private static List<String> ids(JsonNode members) {
        List<String> ids = new ArrayList<>();
        members.forEach(m -> ids.add(m.get("sampleId").asText()));
        return ids;
    }
}
