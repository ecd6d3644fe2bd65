package io.ontobridge.core.concept;

/**
 * The probe trained on the target's read-out to reproduce the source feature.
 *
 * @param kind            {@code linear} (the only kind so far)
 * @param learningRate    Adam's step size, in standardized units; left out, each probe takes
 *                        0.1/sqrt(its input dimension), which measured best (0.005 at 384)
 * @param batchSize       samples per optimizer step
 * @param heldoutPercent  share of samples (by a hash of the sample id) never learned from
 * @param heldoutWindow   the latest held-out samples that held-out fidelity is computed on
 * @param snapshotEvery   publish a probe snapshot after this many scored samples
 */
public record ProbeSpec(String kind, Double learningRate, Integer batchSize, Integer heldoutPercent,
                        Integer heldoutWindow, Integer snapshotEvery) {
    public ProbeSpec {
        kind = kind == null ? "linear" : kind;

        batchSize = batchSize == null ? 32 : batchSize;
        heldoutPercent = heldoutPercent == null ? 10 : heldoutPercent;
        heldoutWindow = heldoutWindow == null ? 200 : heldoutWindow;
        snapshotEvery = snapshotEvery == null ? 100 : snapshotEvery;
    }

    public static ProbeSpec defaults() {
        return new ProbeSpec(null, null, null, null, null, null);
    }

    void validate() {
        if (!kind.equals("linear")) {
            throw new ConceptSpecException("probe.kind: '" + kind + "' is not supported yet (supported: linear)");
        }
        if (learningRate != null && !(learningRate > 0 && learningRate < 10)) {
            throw new ConceptSpecException("probe.learning_rate: must be in (0, 10), got " + learningRate);
        }
        Validation.range("probe.batch_size", batchSize, 1, 4096);
        Validation.range("probe.heldout_percent", heldoutPercent, 1, 50);
        Validation.range("probe.heldout_window", heldoutWindow, 10, 100_000);
        Validation.range("probe.snapshot_every", snapshotEvery, 1, 1_000_000);
    }
}
