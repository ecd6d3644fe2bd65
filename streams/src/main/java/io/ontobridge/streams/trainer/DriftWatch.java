package io.ontobridge.streams.trainer;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ProbeSpec;
import io.ontobridge.platform.observe.CounterFamily;
import io.ontobridge.probe.ConceptProbe;
import io.ontobridge.probe.DisagreementRule;
import io.ontobridge.probe.ProbeStatus;
import io.ontobridge.probe.drift.DisagreementDrift;
import io.ontobridge.schema.DriftDetection;
import io.ontobridge.schema.Score;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's watch on each probe's disagreement rate ({@link DisagreementDrift}: ADWIN in the probe library),
 * kept in the probe store beside the probe. It is fed every score the monitor judges, 1 when the monitor flags it,
 * by the monitor's own {@link DisagreementRule}; samples drawn near a disagreement (mode {@code requested}) are left
 * out, as active sampling sends them where disagreements are and they would raise the rate by design. A rise makes
 * the probe read {@code concept-drift} until the drift settles ({@link DisagreementDrift}'s lifecycle).
 */
final class DriftWatch {
    private static final Logger log = LoggerFactory.getLogger(DriftWatch.class);
    /** Changes of the flagged share found, per probe, by kind: rise (raised), minor-rise or fall. */
    private static final CounterFamily CHANGES = new CounterFamily("ontobridge.probe.drift", "concept", "target",
            "version", "kind");

    private final ProbeStore probes;
    private final DisagreementRule rule;
    private final DisagreementDrift.Settings settings;

    DriftWatch(ProbeStore probes, ConceptSpec spec) {
        ProbeSpec probe = spec.probe();
        this.probes = probes;
        this.rule = new DisagreementRule(spec.monitor().minTrained(), probe.binarized(),
                probe.binarized() ? probe.threshold() : 0);
        // A quantile of held-out |residuals| flags 1 - q of a steady stream; a decision boundary has no such share.
        this.settings = new DisagreementDrift.Settings(probe.heldoutWindow(),
                probe.binarized() ? 0 : 1 - spec.monitor().residualQuantile());
    }

    /** The monitor's rule, which the trainer also keeps samples for review by. */
    DisagreementRule rule() {
        return rule;
    }

    /** The status the probe reads: concept-drift while a drift holds, else its figures'; a settled drift is cleared. */
    ProbeStatus status(String key, TrackedProbe probe, ProbeStatus figures) {
        DisagreementDrift watch = probes.drift(key);
        if (watch.settle(figures, probe.probe().fidelity().heldOutSeen(), settings)) {
            probes.driftChanged(key, watch);
        }
        return watch.drift() != null ? ProbeStatus.CONCEPT_DRIFT : figures;
    }

    /**
     * Takes in a score once its probe has learned from the sample; {@code figures}: the status the probe's figures
     * gave it.
     *
     * @return whether the flagged share rose with it: a concept-drift to announce now
     */
    boolean observe(String key, Score score, TrackedProbe probe, ProbeStatus figures) {
        if (ConceptProbe.REQUESTED.equals(score.getGeneratorMode())
                || !rule.judges(score.getProbeStatus(), score.getProbeTrainedOn(), score.getResidualThreshold())) {
            return false;
        }
        DisagreementDrift watch = probes.drift(key);
        ConceptProbe concept = probe.probe();
        if (!watch.watching(concept.fidelity().heldOutSeen(), settings)) {
            return false; // nothing taken in, nothing to store
        }
        boolean flagged = rule.beyond(score.getPrediction(), score.getFeatureValue(), score.getResidualThreshold());
        DisagreementDrift.Change change = watch.observe(flagged, concept.samplesSeen(), figures,
                concept.fidelity().heldOutSeen(), settings);
        probes.driftChanged(key, watch);
        if (change == null) {
            return false;
        }
        String kind = change.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        CHANGES.with(score.getConcept(), score.getTarget().getName(), score.getTarget().getVersion(), kind).increment();
        log.info("{}: the share of scores the monitor flags changed ({}) from {} to {} (ADWIN, {} judged samples, {} "
                        + "after the cut) at sample {}", key, kind,
                String.format(java.util.Locale.ROOT, "%.4f", change.cut().olderMean()),
                String.format(java.util.Locale.ROOT, "%.4f", change.cut().newerMean()),
                change.cut().olderWidth() + change.cut().newerWidth(), change.cut().newerWidth(),
                concept.samplesSeen());
        return change.kind() == DisagreementDrift.Kind.RISE;
    }

    /** The rise behind {@code key}'s concept-drift, for its status record; null when no drift holds. */
    DriftDetection detection(String key) {
        DisagreementDrift.Drift drift = probes.drift(key).drift();
        return drift == null ? null : new DriftDetection(drift.rateBefore(), drift.rateAfter(), drift.window(),
                drift.samplesAfter(), drift.detectedAtSample());
    }

    /** The flagged share in the probe's ADWIN window (since its last change): for the meters. */
    double rate(String key) {
        return probes.drift(key).rate();
    }
}
