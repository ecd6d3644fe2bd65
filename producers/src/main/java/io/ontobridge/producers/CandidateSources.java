package io.ontobridge.producers;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.producers.candidate.CandidateSource;
import io.ontobridge.producers.shapes.ShapesCandidates;
import io.ontobridge.producers.story.StoryCandidates;
import io.ontobridge.producers.text.TextCandidates;

import java.nio.file.Path;

/**
 * Opens the candidate source a concept spec calls for: text for a text source model, shapes for an image one, stories
 * for a language model of the zoo.
 */
public final class CandidateSources {
    private CandidateSources() {
    }

    public static CandidateSource open(ConceptSpec spec, Path modelCache) {
        if (spec.source().isLanguageModel()) {
            return new StoryCandidates(spec);
        }
        return spec.source().isImage() ? new ShapesCandidates(spec) : new TextCandidates(spec, modelCache);
    }
}
