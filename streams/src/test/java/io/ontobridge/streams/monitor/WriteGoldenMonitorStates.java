package io.ontobridge.streams.monitor;

import io.ontobridge.streams.trainer.GoldenData.Expected;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.ontobridge.streams.monitor.GoldenMonitorStatesTest.GROUPS_SAVED_AT;

/**
 * Throwaway: writes the monitor's persisted structures, as the code before the probe library was cut out writes
 * them, with the values they give, to {@code -Dontobridge.golden.write=DIR} (see the trainer's WriteGoldenStates);
 * {@link GoldenMonitorStatesTest} reads them with the code as it is now.
 */
class WriteGoldenMonitorStates {

    @Test
    void write() throws IOException {
        String dir = System.getProperty("ontobridge.golden.write");
        Assumptions.assumeTrue(dir != null, "set -Dontobridge.golden.write=DIR");
        Path out = Path.of(dir);
        Files.createDirectories(out);

        AgreeingExamples examples = GoldenMonitorStatesTest.goldenAgreeing();
        Files.write(out.resolve("agreeing-examples.state"), examples.toBytes());
        Expected e = new Expected();
        GoldenMonitorStatesTest.describeAgreeing(e, examples);
        e.save(out.resolve("agreeing-examples.expected"));

        DisagreementGroupsTest.Stream s = GoldenMonitorStatesTest.groupsStream();
        DisagreementGroups groups = new DisagreementGroups(GoldenMonitorStatesTest.groupsSettings());
        Expected g = new Expected();
        for (int n = 0; n < s.x().length; n++) {
            if (n == GROUPS_SAVED_AT) {
                Files.write(out.resolve("disagreement-groups.state"), groups.toBytes());
                GoldenMonitorStatesTest.describeGroups(g, "", groups);
            }
            GoldenMonitorStatesTest.feed(g, groups, s, n);
        }
        GoldenMonitorStatesTest.describeGroups(g, "after.", groups);
        Files.write(out.resolve("disagreement-groups-after.state"), groups.toBytes());
        g.save(out.resolve("disagreement-groups.expected"));
    }
}
