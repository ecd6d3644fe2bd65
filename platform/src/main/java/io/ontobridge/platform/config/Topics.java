package io.ontobridge.platform.config;

import java.util.List;

/**
 * The topic names, one per arrow of the flow. All share a configurable prefix so several
 * deployments (or test runs) can live on one cluster.
 */
public record Topics(String prefix) {
    public static final String DEFAULT_PREFIX = "ontobridge";

    public Topics {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "' may hold only letters, digits, '.', '_' and '-'");
        }
    }

    public String samples() {
        return prefix + ".samples";
    }

    public String activations() {
        return prefix + ".activations";
    }

    public String scores() {
        return prefix + ".scores";
    }

    /** Compacted: the latest snapshot of each probe. */
    public String probes() {
        return prefix + ".probes";
    }

    public String disagreements() {
        return prefix + ".disagreements";
    }

    public String deadLetters() {
        return prefix + ".dlq";
    }

    /** People's verdicts on disagreements. */
    public String reviews() {
        return prefix + ".reviews";
    }

    /** The monitor's requests for samples near disagreement groups (active sampling). */
    public String requests() {
        return prefix + ".requests";
    }

    /** Compacted: the concepts this deployment serves, so a sample naming any other is dead-lettered. */
    public String concepts() {
        return prefix + ".concepts";
    }

    /** Compacted: each probe's status as it last changed (warming up, mapped, lost), one record per change. */
    public String conceptStatus() {
        return prefix + ".concept-status";
    }

    /** Compacted: new model checkpoints, as training infrastructure announces them. */
    public String models() {
        return prefix + ".models";
    }

    /** The topics that hold the latest record per key (cleanup.policy=compact). */
    public List<String> compacted() {
        return List.of(probes(), concepts(), conceptStatus(), models());
    }

    public List<String> all() {
        return List.of(samples(), activations(), scores(), probes(), disagreements(), deadLetters(), reviews(),
                requests(), concepts(), conceptStatus(), models());
    }
}
