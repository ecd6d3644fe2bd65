package io.ontobridge.deploy.cli;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ConceptSpecs;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** Which concept transfer to run: a built-in scenario or the user's own spec file. */
public final class ConceptOptions {
    /** Built-in scenarios and their spec files, relative to the Ontobridge home. */
    static final Map<String, String> SCENARIOS = Map.of("text", "concepts/sentiment.yaml",
            "shapes", "concepts/shapes.yaml", "story", "concepts/story.yaml");

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "shapes",
            description = "Built-in scenario: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            completionCandidates = ScenarioNames.class)
    String scenario;

    @Option(names = "--concept", paramLabel = "FILE", description = "A concept spec YAML file (instead of a built-in scenario)")
    Path concept;

    /** The built-in scenario's name, or null when the run names its own spec file. */
    public String builtInScenario() {
        return concept == null ? scenario : null;
    }

    /** What the summary calls this run: the scenario's name, or the spec file's. */
    public String scenarioLabel() {
        return concept != null ? concept.getFileName().toString() : scenario;
    }

    public ConceptSpec load() {
        return ConceptSpecs.load(file());
    }

    public Path file() {
        if (concept != null) {
            return concept;
        }
        String relative = SCENARIOS.get(scenario);
        if (relative == null) {
            throw new IllegalArgumentException("--scenario: '" + scenario + "' is not one of " + SCENARIOS.keySet());
        }
        return home().resolve(relative);
    }

    /** Where the project's files are: set by the launcher script, else the working directory. */
    public static Path home() {
        return Path.of(System.getProperty("ontobridge.home", ".")).toAbsolutePath().normalize();
    }

    static final class ScenarioNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SCENARIOS.keySet().stream().sorted().iterator();
        }
    }
}
