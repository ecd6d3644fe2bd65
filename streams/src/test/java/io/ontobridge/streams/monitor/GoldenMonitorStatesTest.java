package io.ontobridge.streams.monitor;

import io.ontobridge.probe.GoldenData.Expected;
import io.ontobridge.probe.GoldenData;
import io.ontobridge.schema.NearbyExample;
import io.ontobridge.schema.SampleInput;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The monitor's persisted structures as the code before the probe library was cut out wrote them
 * ({@code state-before-recut/}, written by WriteGoldenMonitorStates, a throwaway test in the commit that added
 * them): each restores, writes back the very same
 * bytes and gives the same values; restored disagreement groups go on to make exactly the assignments, and reach
 * exactly the state, that the old code did.
 */
class GoldenMonitorStatesTest {
    static final int GROUPS_DIM = 16;
    /** The golden groups' state is saved after this many samples of the stream; the rest continue from it. */
    static final int GROUPS_SAVED_AT = 700;

    @Test
    void agreeingExamplesRestoreWriteTheSameBytesAndFindTheSameNeighbours() {
        byte[] state = GoldenData.state("agreeing-examples.state");
        AgreeingExamples examples = AgreeingExamples.fromBytes(state);
        assertArrayEquals(state, examples.toBytes());
        Expected actual = new Expected();
        describeAgreeing(actual, examples);
        GoldenData.assertMatches(GoldenData.expected("agreeing-examples.expected"), actual, 0);
    }

    @Test
    void disagreementGroupsRestoreWriteTheSameBytesAndGoOnExactlyAsBefore() {
        byte[] state = GoldenData.state("disagreement-groups.state");
        DisagreementGroups groups = DisagreementGroups.fromBytes(state);
        assertArrayEquals(state, groups.toBytes());
        Expected actual = new Expected();
        describeGroups(actual, "", groups);
        DisagreementGroupsTest.Stream s = groupsStream();
        // The assignments up to the saved state, as the old code made them, then the new code's from it on.
        DisagreementGroups before = new DisagreementGroups(groupsSettings());
        for (int n = 0; n < GROUPS_SAVED_AT; n++) {
            feed(actual, before, s, n);
        }
        assertArrayEquals(state, before.toBytes(), "the same stream gives the same state");
        for (int n = GROUPS_SAVED_AT; n < s.x().length; n++) {
            feed(actual, groups, s, n);
        }
        describeGroups(actual, "after.", groups);
        GoldenData.assertMatches(GoldenData.expected("disagreement-groups.expected"), actual, 0);
        assertArrayEquals(GoldenData.state("disagreement-groups-after.state"), groups.toBytes());
    }

    static GroupingSettings groupsSettings() {
        return GroupingSettings.defaults(GROUPS_DIM).withIdMemory(64).withMaxGroups(8);
    }

    static DisagreementGroupsTest.Stream groupsStream() {
        return DisagreementGroupsTest.plant(7, GROUPS_DIM, 1000, 0.05, 0.3, 0);
    }

    /** Sample {@code n} as the monitor feeds it: observed, and assigned when flagged (every 50th: a repeat too). */
    static void feed(Expected e, DisagreementGroups groups, DisagreementGroupsTest.Stream s, int n) {
        groups.observe(s.x()[n]);
        if (s.flagged()[n]) {
            e.put("assign." + n, String.valueOf(groups.assign(s.x()[n], "sample-" + n)));
        }
        if (n % 50 == 0) {
            e.put("repeat." + n, String.valueOf(groups.assign(s.x()[n], "sample-" + (n - 10))));
        }
    }

    static void describeGroups(Expected e, String prefix, DisagreementGroups groups) {
        e.put(prefix + "observed", groups.observed()).put(prefix + "assigned", groups.assigned())
                .put(prefix + "groupCount", groups.groupCount()).put(prefix + "radius", groups.radius())
                .put(prefix + "pairQuantile.25", groups.pairQuantile(0.25))
                .put(prefix + "pairQuantile.5", groups.pairQuantile(0.5))
                .put(prefix + "baseRate", groups.baseRate());
        List<DisagreementGroups.GroupView> views = groups.groups();
        for (int i = 0; i < views.size(); i++) {
            DisagreementGroups.GroupView v = views.get(i);
            e.put(prefix + "group." + i, v.id() + " " + v.size() + " " + v.covered() + " " + v.createdAt() + " "
                    + v.lastAt() + " " + v.enrichment() + " " + v.surprise() + " " + v.reported() + " "
                    + Arrays.toString(v.centroid()));
        }
    }

    /** The golden agreeing examples: six into a ring of four, with text, images, both and neither. */
    static AgreeingExamples goldenAgreeing() {
        AgreeingExamples examples = new AgreeingExamples(4);
        float[][] xs = GoldenData.vectors(41, 6, 8);
        SampleInput[] inputs = {
                new SampleInput("a text", null),
                new SampleInput(null, ByteBuffer.wrap(new byte[]{1, 2, 3})),
                new SampleInput("both \u00e9\u4e2d", ByteBuffer.wrap(new byte[]{-1, 0})),
                new SampleInput(null, null),
                new SampleInput("", ByteBuffer.wrap(new byte[0])),
                new SampleInput("last", null)};
        for (int i = 0; i < xs.length; i++) {
            examples.add("ag-" + i, inputs[i], i * 0.5 - 1, Math.sin(i), xs[i]);
        }
        return examples;
    }

    static void describeAgreeing(Expected e, AgreeingExamples examples) {
        float[][] queries = GoldenData.vectors(42, 3, 8);
        for (int q = 0; q < queries.length; q++) {
            List<NearbyExample> nearest = examples.nearest(queries[q], 3);
            for (int k = 0; k < nearest.size(); k++) {
                e.put("nearest." + q + "." + k, nearest.get(k).toString());
            }
        }
        e.put("wrongDimension", examples.nearest(new float[3], 3).size());
    }
}
