package io.ontobridge.deploy.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Where the unpacked Apicurio Registry (the {@code apicurio-registry-app-<v>-all.tar.gz} distribution) lives.
 *
 * <p>Looked up in this order: system property {@value #PROPERTY}, environment variable {@value #ENV},
 * then upward from the working directory for {@code deploy/devtools/target/registry} (where the devtools module's
 * build unpacks it). The registry is not a normal Maven dependency (its parent POM is not on Central),
 * so the build fetches and unpacks it; see {@code deploy/pom.xml}.
 */
public final class RegistryDistribution {

    public static final String PROPERTY = "ontobridge.registry.home";
    public static final String ENV = "ONTOBRIDGE_REGISTRY_HOME";
    /** Relative path, searched upward from the working directory. */
    public static final Path BUILD_OUTPUT = Path.of("deploy", "devtools", "target", "registry");

    private final Path home;
    private final Path runnerJar;

    private RegistryDistribution(Path home, Path runnerJar) {
        this.home = home;
        this.runnerJar = runnerJar;
    }

    /** Finds the distribution, or fails with a message that says how to get one. */
    public static RegistryDistribution locate() {
        return locate(System.getProperty(PROPERTY), System.getenv(ENV), Path.of("").toAbsolutePath());
    }

    /** As {@link #locate()}, with the inputs given (for tests). {@code property} and {@code env} may be null. */
    static RegistryDistribution locate(String property, String env, Path workingDir) {
        List<String> tried = new ArrayList<>();
        // An explicit setting wins and is never silently replaced by the search: a wrong path is an error.
        for (String[] explicit : new String[][] {{"-D" + PROPERTY, property}, {ENV, env}}) {
            if (explicit[1] != null && !explicit[1].isBlank()) {
                Path home = Path.of(explicit[1].trim()).toAbsolutePath().normalize();
                return at(home).orElseThrow(() -> missing(List.of(explicit[0] + "=" + home)));
            }
        }
        for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(BUILD_OUTPUT);
            tried.add(candidate.toString());
            Optional<RegistryDistribution> found = at(candidate);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw missing(tried);
    }

    /** The distribution unpacked at {@code home}, if it looks complete (runner jar plus its lib/ folder). */
    public static Optional<RegistryDistribution> at(Path home) {
        if (!Files.isDirectory(home.resolve("lib"))) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .findFirst()
                    .map(jar -> new RegistryDistribution(home, jar));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static IllegalStateException missing(List<String> tried) {
        return new IllegalStateException("Schema registry (Apicurio Registry) distribution not found. Looked at:\n  "
                + String.join("\n  ", tried)
                + "\nThe Maven build of deploy/devtools fetches and unpacks it into deploy/devtools/target/registry:"
                + " run `mvn -DskipTests package` from the project root (needs Maven Central once)."
                + "\nOr point -D" + PROPERTY + " / " + ENV + " at a folder holding an unpacked"
                + " io.apicurio:apicurio-registry-app:<version>:tar.gz:all (the *-runner.jar and its lib/).");
    }

    public Path home() {
        return home;
    }

    /** The Quarkus "legacy-jar" runner; its manifest Class-Path points into {@code lib/}. */
    public Path runnerJar() {
        return runnerJar;
    }

    /** The runner jar's {@code Main-Class} (what {@code java -jar} would run). */
    public String mainClass() throws IOException {
        try (JarFile jar = new JarFile(runnerJar.toFile())) {
            Manifest manifest = jar.getManifest();
            String main = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (main == null || main.isBlank()) {
                throw new IOException(runnerJar + " names no Main-Class: not a registry runner jar");
            }
            return main.trim();
        }
    }

    @Override
    public String toString() {
        return "RegistryDistribution[" + runnerJar + "]";
    }
}
