package io.ontobridge.deploy.e2e;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shape of the code, checked on every module's classes: no package depends on itself through others, the
 * probe library is pure Java, the modules depend on each other only downwards (schemas, platform, probe, worlds, models, then the services, then
 * the subscribers and the command line), no service reaches into another's classes (Avro records on topics are
 * their only contract), and no source file grows past about 350 lines without saying why.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ontobridge");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.ontobridge.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void thePlatformKnowsNoModelRuntimeAndNoService() {
        check(noClasses().that().resideInAPackage("io.ontobridge.platform..").should().dependOnClassesThat()
                .resideInAnyPackage("io.ontobridge.worlds..", "io.ontobridge.models..", "io.ontobridge.probe..",
                        "io.ontobridge.producers..", "io.ontobridge.streams..", "io.ontobridge.consumers..",
                        "io.ontobridge.deploy..", "ai.djl.."));
    }

    @Test
    void theProbeLibraryIsPureJava() {
        check(classes().that().resideInAPackage("io.ontobridge.probe..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.ontobridge.probe..", "java.."));
    }

    @Test
    void subscribersStandOnThePlatformAlone() {
        check(noClasses().that().resideInAPackage("io.ontobridge.consumers..").should().dependOnClassesThat()
                .resideInAnyPackage("io.ontobridge.worlds..", "io.ontobridge.models..", "io.ontobridge.producers..",
                        "io.ontobridge.streams..", "io.ontobridge.deploy..", "ai.djl.."));
    }

    @Test
    void worldsAreModelFree() {
        check(noClasses().that().resideInAPackage("io.ontobridge.worlds..").should().dependOnClassesThat()
                .resideInAnyPackage("io.ontobridge.models..", "io.ontobridge.producers..", "io.ontobridge.streams..",
                        "ai.djl..", "org.apache.kafka.."));
    }

    @Test
    void servicesDoNotReachIntoEachOther() {
        check(noClasses().that().resideInAPackage("io.ontobridge.producers..").should().dependOnClassesThat()
                .resideInAnyPackage("io.ontobridge.streams..", "io.ontobridge.consumers..", "io.ontobridge.deploy.."));
        check(noClasses().that().resideInAPackage("io.ontobridge.streams.inference..").should().dependOnClassesThat()
                .resideInAnyPackage("io.ontobridge.streams.trainer..", "io.ontobridge.streams.monitor..",
                        "io.ontobridge.producers.."));
        check(noClasses().that().resideInAPackage("io.ontobridge.streams.trainer..").should().dependOnClassesThat()
                .resideInAnyPackage("io.ontobridge.streams.inference..", "io.ontobridge.streams.monitor..",
                        "io.ontobridge.producers.."));
        check(noClasses().that().resideInAPackage("io.ontobridge.streams.monitor..").should().dependOnClassesThat()
                .resideInAnyPackage("io.ontobridge.streams.inference..", "io.ontobridge.streams.trainer..",
                        "io.ontobridge.producers.."));
        check(noClasses().that().resideInAnyPackage("io.ontobridge.streams..", "io.ontobridge.producers..",
                        "io.ontobridge.consumers..").should().dependOnClassesThat()
                .resideInAPackage("io.ontobridge.deploy.."));
    }

    @Test
    void theImagesCommandLineShipsNoDevelopmentTool() {
        check(noClasses().that().resideInAnyPackage("io.ontobridge.deploy.cli..", "io.ontobridge.deploy.announce..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ontobridge.deploy.devtools..",
                        "io.ontobridge.deploy.demo..", "io.ontobridge.deploy.bench..", "io.ontobridge.deploy.stack..",
                        "io.ontobridge.deploy.zoo..", "kafka..", "org.apache.kafka.server.."));
    }

    /**
     * A source file over {@value #MAX_LINES} lines says why it is one class, in its class Javadoc, with a sentence
     * starting {@value #REASON}.
     */
    @Test
    void noOverlongClassWithoutAReason() throws IOException {
        List<String> overlong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
                    && !f.toString().contains("/target/")).toList()) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() > MAX_LINES && lines.stream().noneMatch(l -> l.contains(REASON))) {
                    overlong.add(ROOT.relativize(file) + " (" + lines.size() + " lines)");
                }
            }
        }
        assertEquals(List.of(), overlong, "split these, or say in their Javadoc why they are one class");
    }

    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    private static final int MAX_LINES = 350;
    private static final String REASON = "Why one class:";

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
