package io.ontobridge.platform.kafka;

import io.ontobridge.schema.ModelRef;

/**
 * Keys from target inference on. A probe is named by (concept, target model, target version): its scores,
 * snapshots and status records carry that key. Activations and reviews are keyed by (concept, target model)
 * without the version, so every version of one target model lands in one partition: each probe still has one
 * writer, in order, and the probes of two versions can be compared on the same samples in one place.
 */
public final class ProbeKeys {
    private ProbeKeys() {
    }

    public static String of(String concept, ModelRef target) {
        return of(concept, target.getName(), target.getVersion());
    }

    public static String of(String concept, String targetName, String targetVersion) {
        return concept + "|" + targetName + "|" + targetVersion;
    }

    /** The partition key of activations and reviews: every version of the target model together. */
    public static String partition(String concept, String targetName) {
        return concept + "|" + targetName;
    }
}
