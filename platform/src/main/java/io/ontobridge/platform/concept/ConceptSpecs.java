package io.ontobridge.platform.concept;

import io.ontobridge.platform.config.StrictYaml;

import java.nio.file.Path;

/** Reads concept spec YAML files strictly: an unknown field or a bad value is a one-line error naming it. */
public final class ConceptSpecs {
    private ConceptSpecs() {
    }

    public static ConceptSpec load(Path file) {
        ConceptSpec spec = StrictYaml.read(file, ConceptSpec.class, "concept spec", ConceptSpecException::new);
        ConceptSpec located = spec.withBaseDir(file.toAbsolutePath().getParent());
        try {
            located.validate();
        } catch (ConceptSpecException e) {
            throw new ConceptSpecException("concept spec " + file + ": " + e.getMessage(), e);
        }
        return located;
    }
}
