package io.ontobridge.streams.inference;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class VersionPlanTest {

    @Test
    void aNewVersionRunsBesideTheOldForTheSideBySideSamplesThenAlone() {
        VersionPlan plan = VersionPlan.startingWith("1");
        assertEquals(List.of("1"), plan.next("1", 3));
        List<List<String>> served = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            served.add(plan.next("2", 3));
        }
        assertEquals(List.of(List.of("1", "2"), List.of("1", "2"), List.of("1", "2"), List.of("2"), List.of("2")), served);
    }

    @Test
    void noSideBySideMovesOverAtOnce() {
        VersionPlan plan = VersionPlan.startingWith("1");
        assertEquals(List.of("2"), plan.next("2", 0));
    }

    @Test
    void aThirdVersionDuringTheSideBySideRestartsTheCountWithAllThree() {
        VersionPlan plan = VersionPlan.startingWith("1");
        plan.next("2", 2);
        assertEquals(List.of("1", "2", "3"), plan.next("3", 2));
        assertEquals(List.of("1", "2", "3"), plan.next("3", 2));
        assertEquals(List.of("3"), plan.next("3", 2));
    }

    @Test
    void thePlanSurvivesARestartThroughTheCommittedMetadata() {
        VersionPlan plan = VersionPlan.startingWith("1");
        plan.next("2", 3);
        plan.next("2", 3);
        VersionPlan resumed = VersionPlan.parse(plan.toMetadata());
        assertEquals(List.of("1", "2"), resumed.next("2", 3), "the third side-by-side sample");
        assertEquals(List.of("2"), resumed.next("2", 3));
    }

    @Test
    void metadataThatIsNotAPlanIsNoPlan() {
        assertNull(VersionPlan.parse(null));
        assertNull(VersionPlan.parse(""));
        assertNull(VersionPlan.parse("written by another tool"));
        assertNull(VersionPlan.parse("{\"versions\":[],\"sideBySide\":0}"));
    }
}
