package io.ontobridge.platform.concept;

import java.util.List;

/**
 * The probe trained on the target's read-out to reproduce the source feature, and when it counts as
 * having found the concept.
 *
 * @param kind                 {@code linear} or {@code mlp} (hidden layers of {@code hidden} ReLU units)
 * @param learningRate         Adam's step size, in standardized units; left out, each probe takes
 *                             0.1/sqrt(its input dimension) (why: docs/benchmarks.md, "Design measurements")
 * @param batchSize            samples per optimizer step
 * @param heldoutPercent       share of samples (by a hash of the sample id) never learned from
 * @param heldoutWindow        the latest held-out samples that held-out fidelity is computed on
 * @param snapshotEvery        publish a probe snapshot after this many scored samples
 * @param minHeldout           held-out samples needed before the probe leaves "warming-up"
 * @param mappedMinPearson     held-out Pearson a mapped probe needs
 * @param mappedMinSelectivity held-out R^2 of the probe minus that of its control probe, needed to be mapped
 * @param liftMargin           a mapped probe whose R^2 beats the best control read-out by less than this is
 *                             "mapped-but-input-decodable"
 * @param hidden               mlp: hidden layer sizes, e.g. [64] or [64, 32]
 * @param loss                 {@code squared} (regression on the feature value), {@code huber} (the same with
 *                             Huber's loss, so a minority of far-off samples pulls the probe less) or {@code logistic} (a binarized
 *                             concept: present when the feature value is at least {@code threshold})
 * @param threshold            logistic: where the feature value counts as the concept being present
 * @param falsePositiveCost    logistic: weight of a sample without the concept (the cost of calling it present)
 * @param falseNegativeCost    logistic: weight of a sample with the concept (the cost of missing it)
 * @param mappedMinAuroc       logistic: held-out AUROC a mapped probe needs (instead of the Pearson)
 * @param optimizer            {@code adam} (mini-batch Adam with bias correction; the only optimizer so far)
 */
public record ProbeSpec(String kind, Double learningRate, Integer batchSize, Integer heldoutPercent,
                        Integer heldoutWindow, Integer snapshotEvery, Integer minHeldout, Double mappedMinPearson,
                        Double mappedMinSelectivity, Double liftMargin, List<Integer> hidden, String loss,
                        Double threshold, Double falsePositiveCost, Double falseNegativeCost, Double mappedMinAuroc,
                        String optimizer) {
    public static final List<String> KINDS = List.of("linear", "mlp");
    public static final List<String> LOSSES = List.of("squared", "logistic", "huber");

    public ProbeSpec {
        kind = kind == null ? "linear" : kind;
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        loss = loss == null ? "squared" : loss;
        falsePositiveCost = falsePositiveCost == null ? 1.0 : falsePositiveCost;
        falseNegativeCost = falseNegativeCost == null ? 1.0 : falseNegativeCost;
        mappedMinAuroc = mappedMinAuroc == null ? 0.85 : mappedMinAuroc;
        optimizer = optimizer == null ? "adam" : optimizer;
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
        return new ProbeSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** This probe as another kind (an MLP needs hidden sizes: these, or one layer of 64 when none are given). */
    public ProbeSpec withKind(String newKind, List<Integer> newHidden) {
        List<Integer> layers = newKind.equals("mlp") && (newHidden == null || newHidden.isEmpty())
                ? (hidden.isEmpty() ? List.of(64) : hidden) : newHidden;
        ProbeSpec changed = new ProbeSpec(newKind, learningRate, batchSize, heldoutPercent, heldoutWindow,
                snapshotEvery, minHeldout, mappedMinPearson, mappedMinSelectivity, liftMargin,
                newKind.equals("mlp") ? layers : List.of(), loss, threshold, falsePositiveCost, falseNegativeCost,
                mappedMinAuroc, optimizer);
        changed.validate();
        return changed;
    }

    public boolean binarized() {
        return loss.equals("logistic");
    }

    /** The widest hidden layer: each unit of the first costs {@value #STATE_BYTES_PER_PARAMETER} bytes per input. */
    public static final int MAX_HIDDEN = 1024;
    /** The most weights between hidden layers. */
    public static final long MAX_INNER_WEIGHTS = 1_000_000;
    /** State per parameter: the weights, Adam's two moments and their moving average, 4 bytes each. */
    public static final int STATE_BYTES_PER_PARAMETER = 16;

    /**
     * What the hidden layers cost, told at load: the probe's state is {@value #STATE_BYTES_PER_PARAMETER} bytes per
     * parameter and is kept for the probe, its control task and each baseline, and written to the changelog every
     * 64 samples; the first layer's parameters grow with the read-out's width.
     */
    private void validateHidden() {
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1 || h > MAX_HIDDEN)) {
            throw new ConceptSpecException("probe.hidden: an mlp probe needs hidden layer sizes between 1 and "
                    + MAX_HIDDEN + ", got " + hidden + " (each unit of the first layer costs "
                    + STATE_BYTES_PER_PARAMETER + " bytes of state per read-out dimension: [64] at 384 inputs is "
                    + "0.4 MB, kept for the probe, its control and each baseline)");
        }
        long inner = 0;
        for (int i = 0; i + 1 < hidden.size(); i++) {
            inner += (long) hidden.get(i) * hidden.get(i + 1);
        }
        if (inner > MAX_INNER_WEIGHTS) {
            throw new ConceptSpecException("probe.hidden: " + hidden + " has " + inner + " weights between hidden "
                    + "layers (" + inner * STATE_BYTES_PER_PARAMETER / (1 << 20) + " MB of state per probe); at most "
                    + MAX_INNER_WEIGHTS);
        }
    }

    void validate() {
        if (!KINDS.contains(kind)) {
            throw new ConceptSpecException("probe.kind: '" + kind + "' is not one of " + KINDS);
        }
        if (kind.equals("mlp")) {
            validateHidden();
        }
        if (!optimizer.equals("adam")) {
            throw new ConceptSpecException("probe.optimizer: '" + optimizer + "' is not supported (supported: adam)");
        }
        if (!LOSSES.contains(loss)) {
            throw new ConceptSpecException("probe.loss: '" + loss + "' is not one of " + LOSSES);
        }
        if (binarized() && (threshold == null || threshold.isNaN() || threshold.isInfinite())) {
            throw new ConceptSpecException("probe.threshold: a logistic probe needs the feature value from which the concept counts as present");
        }
        if (!(falsePositiveCost > 0) || !(falseNegativeCost > 0)) {
            throw new ConceptSpecException("probe.false_positive_cost / false_negative_cost: must be > 0");
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
