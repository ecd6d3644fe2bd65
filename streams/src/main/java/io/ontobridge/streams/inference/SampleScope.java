package io.ontobridge.streams.inference;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.kafka.ConceptCatalog;
import io.ontobridge.schema.ModelRef;

import java.util.function.Predicate;

/**
 * Which samples one target inference serves: those of its concept made by the concept's source model. A
 * sample of another concept is left to that concept's own inference when the catalogue knows the concept,
 * and is a stray (dead-lettered) when it does not.
 *
 * @param registered        whether a concept is registered in the deployment's {@link ConceptCatalog}
 * @param newerSourceVersion whether a version of the source model other than the spec's is accepted (announced,
 *                          for a concept that is re-derived on new source checkpoints)
 */
record SampleScope(String concept, String sourceModel, String sourceVersion, Predicate<String> registered,
                   Predicate<String> newerSourceVersion) {

    static SampleScope of(ConceptSpec spec, ConceptCatalog catalog, Predicate<String> newerSourceVersion) {
        return new SampleScope(spec.concept(), spec.source().name(), spec.source().version(), catalog::knows,
                newerSourceVersion);
    }

    boolean ownsConcept(String name) {
        return concept.equals(name);
    }

    /** Null when {@code source} is this concept's source model, else why it is not. */
    String sourceMismatch(ModelRef source) {
        if (source.getName().equals(sourceModel)
                && (source.getVersion().equals(sourceVersion) || newerSourceVersion.test(source.getVersion()))) {
            return null;
        }
        return "the sample names source model " + source.getName() + " version " + source.getVersion()
                + ", but concept '" + concept + "' is derived from " + sourceModel + " version " + sourceVersion;
    }
}
