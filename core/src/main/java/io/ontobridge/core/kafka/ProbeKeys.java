package io.ontobridge.core.kafka;

import io.ontobridge.schema.ModelRef;

/**
 * The key of every record from target inference on: one (concept, target model, target version)
 * is one key, so its records stay in one partition, in order, and one probe has one writer.
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
}
