package io.ontobridge.platform.kafka;

import io.ontobridge.platform.concept.ConceptSpec;

/** Consumer group names shared between services (the generator watches target inference's lag). */
public final class GroupIds {
    private GroupIds() {
    }

    /** Target inference: one group per (concept, target model, version), so each such pair sees every sample once. */
    public static String inference(String topicPrefix, ConceptSpec concept) {
        return topicPrefix + ".inference." + concept.concept() + "." + concept.target().name() + "."
                + concept.target().version();
    }
}
