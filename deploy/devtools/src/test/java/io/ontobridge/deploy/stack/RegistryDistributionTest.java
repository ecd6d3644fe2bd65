package io.ontobridge.deploy.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryDistributionTest {

    private static Path fakeDistribution(Path home) throws Exception {
        Files.createDirectories(home.resolve("lib"));
        return Files.createFile(home.resolve("apicurio-registry-app-9.9.9-runner.jar"));
    }

    @Test
    void propertyWins(@TempDir Path tmp) throws Exception {
        Path jar = fakeDistribution(tmp.resolve("reg"));
        RegistryDistribution d = RegistryDistribution.locate(tmp.resolve("reg").toString(), "/nonexistent", tmp);
        assertEquals(jar, d.runnerJar());
    }

    @Test
    void envIsUsedWithoutProperty(@TempDir Path tmp) throws Exception {
        Path jar = fakeDistribution(tmp.resolve("reg"));
        assertEquals(jar, RegistryDistribution.locate(null, tmp.resolve("reg").toString(), tmp).runnerJar());
    }

    @Test
    void searchesUpwardForDeployTargetRegistry(@TempDir Path tmp) throws Exception {
        Path jar = fakeDistribution(tmp.resolve("deploy/devtools/target/registry"));
        Path nested = Files.createDirectories(tmp.resolve("producers/src"));
        assertEquals(jar, RegistryDistribution.locate(null, null, nested).runnerJar());
        assertEquals(jar, RegistryDistribution.locate(null, null, tmp.resolve("deploy")).runnerJar());
    }

    @Test
    void missingSaysHowToBuildIt(@TempDir Path tmp) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RegistryDistribution.locate(null, null, tmp));
        assertTrue(e.getMessage().contains("mvn"), e.getMessage());
        assertTrue(e.getMessage().contains(RegistryDistribution.PROPERTY), e.getMessage());
    }

    @Test
    void wrongExplicitPathIsAnErrorNotASilentFallback(@TempDir Path tmp) throws Exception {
        fakeDistribution(tmp.resolve("deploy/devtools/target/registry"));
        assertThrows(IllegalStateException.class,
                () -> RegistryDistribution.locate(tmp.resolve("nope").toString(), null, tmp));
    }
}
