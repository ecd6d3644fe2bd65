package io.ontobridge.producers;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.producers.candidate.CandidateSource;
import io.ontobridge.producers.shapes.ShapesCandidates;
import io.ontobridge.producers.text.TextCandidates;

import java.nio.file.Path;

/** Opens the candidate source a concept spec calls for: text for a text source model, shapes for an image one. */
public final class CandidateSources {
    private CandidateSources() {
    }

    public static CandidateSource open(ConceptSpec spec, Path modelCache) {
        return spec.source().isImage() ? new ShapesCandidates(spec) : new TextCandidates(spec, modelCache);
    }
}
