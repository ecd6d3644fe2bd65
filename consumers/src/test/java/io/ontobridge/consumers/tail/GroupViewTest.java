package io.ontobridge.consumers.tail;

import io.ontobridge.schema.Disagreement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.ontobridge.consumers.tail.GroupFixtures.largeShapes;
import static io.ontobridge.consumers.tail.GroupFixtures.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class GroupViewTest {
    @Test
    void recordsAreGroupedByProbeAndGroupIdLargestFirst() {
        Disagreement a1 = member("s-1", 1, 1, null, 1);
        Disagreement b1 = member("s-2", 2, 1, null, 2);
        Disagreement b5 = member("s-3", 2, 5, largeShapes(), 3);
        Disagreement a3 = member("s-4", 1, 3, null, 4);
        Disagreement ungrouped = member("s-5", 9, 1, null, 5);
        ungrouped.setGroup(null);
        List<GroupView> groups = GroupView.of(List.of(a3, b5, a1, ungrouped, b1));

        assertEquals(List.of("triangle|shapes-cnn|1|2", "triangle|shapes-cnn|1|1"), groups.stream().map(GroupView::key).toList());
        GroupView b = groups.get(0);
        assertEquals(5, b.size());
        assertEquals(List.of("s-2", "s-3"), b.members().stream().map(Disagreement::getSampleId).toList(), "oldest first");
        assertSame(b5.getGroup().getDescription(), b.description());
        assertEquals(List.of(1, 5), b.growth().stream().map(GroupView.Point::size).toList());
        assertEquals(List.of(1020L, 1030L), b.growth().stream().map(GroupView.Point::learned).toList());
        assertNull(groups.get(1).description(), "never described");
        assertEquals(3, groups.get(1).size());
    }

    @Test
    void theDescriptionIsTheLargestRecordsEvenWhenAnOlderOneArrivesLater() {
        var early = largeShapes();
        early.setText("early");
        // Partitions interleave: the size-20 record is read before the size-5 one.
        GroupView view = GroupView.startedBy(member("s-20", 4, 20, largeShapes(), 9));
        view.add(member("s-5", 4, 5, early, 2));
        view.add(member("s-21", 4, 21, null, 10));
        assertEquals(21, view.size());
        assertEquals(largeShapes().getText(), view.description().getText());
        assertEquals(List.of(5, 20, 21), view.growth().stream().map(GroupView.Point::size).toList());
    }

    @Test
    void membersAreCappedToTheLatestAndARepeatedSampleIsOneMember() {
        List<Disagreement> many = new ArrayList<>();
        for (int i = 0; i < GroupView.MEMBERS + 30; i++) {
            many.add(member("s-" + i, 1, i + 1, null, i));
        }
        many.add(member("s-" + (GroupView.MEMBERS + 29), 1, GroupView.MEMBERS + 30, null, 10_000));
        GroupView view = GroupView.of(many).get(0);
        assertEquals(GroupView.MEMBERS, view.members().size());
        assertEquals("s-30", view.members().get(0).getSampleId());
        assertEquals(GroupView.MEMBERS + 31, view.records());
    }
}
