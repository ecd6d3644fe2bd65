package io.ontobridge.streams.trainer;

import io.ontobridge.platform.concept.ConceptSpec;

/** Shares the small test concept spec with other packages' tests. */
public final class TrainerTopologyTestSpecs {
    private TrainerTopologyTestSpecs() {
    }

    public static ConceptSpec spec() {
        return TrainerTopologyTest.spec(100);
    }
}
