package io.ontobridge.core.concept;

/**
 * The probe trained on the target's read-out to reproduce the source feature, and when it counts as
 * having found the concept.
 *
 * @param kind                 {@code linear} (the only kind so far)
 * @param learningRate         Adam's step size, in standardized units; left out, each probe takes
 *                             0.1/sqrt(its input dimension), which measured best (0.005 at 384)
 * @param batchSize            samples per optimizer step
 * @param heldoutPercent       share of samples (by a hash of the sample id) never learned from
 * @param heldoutWindow        the latest held-out samples that held-out fidelity is computed on
 * @param snapshotEvery        publish a probe snapshot after this many scored samples
 * @param minHeldout           held-out samples needed before the probe leaves "warming-up"
 * @param mappedMinPearson     held-out Pearson a mapped probe needs
 * @param mappedMinSelectivity held-out R^2 of the probe minus that of its control probe, needed to be mapped
 * @param liftMargin           a mapped probe whose R^2 beats the best control read-out by less than this is
 *                             "mapped-but-input-decodable"
 */
public record ProbeSpec(String kind, Double learningRate, Integer batchSize, Integer heldoutPercent,
                        Integer heldoutWindow, Integer snapshotEvery, Integer minHeldout, Double mappedMinPearson,
                        Double mappedMinSelectivity, Double liftMargin) {
    public ProbeSpec {
        kind = kind == null ? "linear" : kind;
        batchSize = batchSize == null ? 32 : batchSize;
        heldoutPercent = heldoutPercent == null ? 10 : heldoutPercent;
        heldoutWindow = heldoutWindow == null ? 200 : heldoutWindow;
        snapshotEvery = snapshotEvery == null ? 100 : snapshotEvery;
        minHeldout = minHeldout == null ? 50 : minHeldout;
        mappedMinPearson = mappedMinPearson == null ? 0.8 : mappedMinPearson;
        mappedMinSelectivity = mappedMinSelectivity == null ? 0.5 : mappedMinSelectivity;
        liftMargin = liftMargin == null ? 0.05 : liftMargin;
    }

    public static ProbeSpec defaults() {
        return new ProbeSpec(null, null, null, null, null, null, null, null, null, null);
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
        Validation.range("probe.min_heldout", minHeldout, 3, heldoutWindow);
        if (!(mappedMinPearson >= -1 && mappedMinPearson <= 1)) {
            throw new ConceptSpecException("probe.mapped_min_pearson: must be in [-1, 1], got " + mappedMinPearson);
        }
        if (!(mappedMinSelectivity <= 1) || mappedMinSelectivity.isNaN()) {
            throw new ConceptSpecException("probe.mapped_min_selectivity: must be at most 1, got " + mappedMinSelectivity);
        }
        if (!(liftMargin >= 0 && liftMargin <= 1)) {
            throw new ConceptSpecException("probe.lift_margin: must be in [0, 1], got " + liftMargin);
        }
    }
}
