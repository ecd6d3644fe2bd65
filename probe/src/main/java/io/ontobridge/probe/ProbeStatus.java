package io.ontobridge.probe;

import java.util.Optional;

/**
 * Where a concept probe stands, from its held-out fidelity and the spec's thresholds. Scores, snapshots and the
 * concept-status topic carry it as its {@link #wireName()} (plain strings in the Avro records).
 */
public enum ProbeStatus {
    /** Fewer held-out samples than the spec's {@code min_heldout}: too early to tell. */
    WARMING_UP("warming-up"),
    /** Held-out Pearson (AUROC for a binarized concept) and selectivity pass the spec's thresholds. */
    MAPPED("mapped"),
    /** Mapped, but the probe beats the best control read-out by less than the spec's lift margin. */
    MAPPED_BUT_INPUT_DECODABLE("mapped-but-input-decodable"),
    /**
     * Held-out Pearson or selectivity below the threshold, but both pass with the tenth of the held-out samples
     * the probe fits worst set aside: the target carries the concept on at least nine inputs in ten, and what it
     * means on the rest is what the monitor is for (it judges these probes as it does mapped ones).
     */
    PARTLY_MAPPED("partly-mapped"),
    /** The thresholds are not met: the target does not (or no longer) carry the concept where the probe looks. */
    LOST("lost"),
    /**
     * Mapped by its figures, but the share of samples the monitor flags has just risen (ADWIN on that 0/1 stream,
     * {@link io.ontobridge.probe.drift.DisagreementDrift}): the target has changed under the probe, say a checkpoint
     * that lost part of the concept, before the held-out Pearson shows it. Judged as mapped: the disagreements now
     * are where the change is. Not a status the figures give; the trainer sets it and clears it.
     */
    CONCEPT_DRIFT("concept-drift");

    private final String wireName;

    ProbeStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The status as records and metrics spell it ("mapped-but-input-decodable"). */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether disagreements under this status are worth a person's time: mapped, partly or input-decodable, or
     * drifting from one of those.
     */
    public boolean isMapped() {
        return this == MAPPED || this == MAPPED_BUT_INPUT_DECODABLE || this == PARTLY_MAPPED || this == CONCEPT_DRIFT;
    }

    /** The status a record spells {@code wireName}; IllegalArgumentException for any other word. */
    public static ProbeStatus fromWire(String wireName) {
        return lookup(wireName).orElseThrow(() -> new IllegalArgumentException("unknown probe status '" + wireName
                + "' (warming-up|mapped|mapped-but-input-decodable|partly-mapped|lost|concept-drift)"));
    }

    /** The status a record spells {@code wireName}, or empty for any other word (null included). */
    public static Optional<ProbeStatus> lookup(String wireName) {
        for (ProbeStatus status : values()) {
            if (status.wireName.equals(wireName)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
