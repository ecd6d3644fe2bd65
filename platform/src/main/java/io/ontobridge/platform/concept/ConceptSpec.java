package io.ontobridge.platform.concept;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.nio.file.Path;

/**
 * One concept transfer, as a YAML file describes it: the source model and how the concept is read
 * off it, how inputs are generated, the target model, the probe and the monitor. The README lists
 * every field; {@link ConceptSpecs#load} reads and checks a file.
 *
 * @param concept     the concept's name; it appears on every record
 * @param description free text for people
 * @param source      the model the concept was found in
 * @param feature     how the concept's value is read off the source layer
 * @param generator   where inputs come from
 * @param target      the model the concept is carried to
 * @param probe       the probe fitted on the target layer
 * @param monitor     when a sample is a disagreement
 * @param follow      how new checkpoints of the models are followed
 * @param baseDir     the spec file's folder, against which relative paths in the spec resolve
 */
public record ConceptSpec(String concept, String description, ModelSpec source, FeatureSpec feature,
                          GeneratorSpec generator, ModelSpec target, ProbeSpec probe, MonitorSpec monitor,
                          FollowSpec follow, @JsonIgnore Path baseDir) {
    public ConceptSpec {
        generator = generator == null ? GeneratorSpec.defaults() : generator;
        probe = probe == null ? ProbeSpec.defaults() : probe;
        monitor = monitor == null ? MonitorSpec.defaults() : monitor;
        follow = follow == null ? FollowSpec.defaults() : follow;
        baseDir = baseDir == null ? Path.of(".") : baseDir;
    }

    /** A path named in the spec, resolved against the spec file's folder when relative. */
    public Path resolve(String path) {
        return baseDir.resolve(path).normalize();
    }

    /** This spec with another probe. */
    public ConceptSpec withProbe(ProbeSpec newProbe) {
        return new ConceptSpec(concept, description, source, feature, generator, target, newProbe, monitor, follow, baseDir);
    }

    /** This spec with the source model at another checkpoint (a re-derived concept, {@link FollowSpec#source}). */
    public ConceptSpec withSource(ModelSpec newSource) {
        return new ConceptSpec(concept, description, newSource, feature, generator, target, probe, monitor, follow, baseDir);
    }

    /** This spec as read from a file in {@code dir}: relative model paths resolve against it. */
    ConceptSpec withBaseDir(Path dir) {
        return new ConceptSpec(concept, description, source == null ? null : source.resolvedAgainst(dir), feature,
                generator, target == null ? null : target.resolvedAgainst(dir), probe, monitor, follow, dir);
    }

    void validate() {
        Validation.require("concept", concept);
        if (!concept.matches("[A-Za-z0-9._-]+")) {
            throw new ConceptSpecException("concept: '" + concept + "' may hold only letters, digits, '.', '_' and '-'");
        }
        if (source == null) {
            throw new ConceptSpecException("source: is required");
        }
        source.validate("source");
        if (feature == null) {
            throw new ConceptSpecException("feature: is required");
        }
        feature.validate();
        generator.validate(source, !feature.exampleSentences().isEmpty());
        if (!feature.catalogue().isEmpty() && !source.isImage()) {
            throw new ConceptSpecException("feature.catalogue: read for image sources (the shapes world) only so far");
        }
        if (feature.factor() != null && !source.isZoo() && !feature.kind().equals("vector")) {
            throw new ConceptSpecException("feature.factor: ground-truth factors exist for the worlds' sources only (image:"
                    + " the shapes world; lm: the story world)");
        }
        if (source.isLanguageModel() && feature.kind().equals("unit") && feature.index() == null) {
            throw new ConceptSpecException("feature.index: a language model's unit is named by its index (no"
                    + " introspection finds one for a factor)");
        }
        if (target == null) {
            throw new ConceptSpecException("target: is required");
        }
        target.validate("target");
        probe.validate();
        monitor.validate();
        follow.validate();
    }
}
