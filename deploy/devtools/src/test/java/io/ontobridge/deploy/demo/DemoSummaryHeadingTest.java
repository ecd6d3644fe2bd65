package io.ontobridge.deploy.demo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DemoSummaryHeadingTest {

    @Test
    void theHeadingNamesAWayToSeeThemAllOnlyWhenThereIsOne() {
        assertEquals("Some disagreements:", DemoSummary.disagreementsHeading(null));
        assertEquals("Some disagreements (./ontobridge tail --from-beginning --bootstrap b:1 --registry r shows them all):",
                DemoSummary.disagreementsHeading("./ontobridge tail --from-beginning --bootstrap b:1 --registry r shows them all"));
    }
}
