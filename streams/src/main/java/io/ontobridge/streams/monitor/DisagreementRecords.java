package io.ontobridge.streams.monitor;

import io.ontobridge.platform.concept.MonitorSpec;
import io.ontobridge.platform.concept.ProbeSpec;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.DisagreementGroup;
import io.ontobridge.schema.RequestExample;
import io.ontobridge.schema.SampleRequest;
import io.ontobridge.schema.Score;

import java.time.Instant;
import java.util.Locale;

/** The records the monitor writes: a disagreement, in numbers and in words, and a request for samples near it. */
final class DisagreementRecords {
    private DisagreementRecords() {
    }

    /** The record of a disagreement, without a group ({@link #grouped} adds it). */
    static Disagreement of(Score score, MonitorSpec monitor, ProbeSpec probe, String sides) {
        double residual = score.getPrediction() - score.getFeatureValue();
        String kind;
        double size;
        String reason;
        if (probe.binarized()) {
            boolean probeSaysPresent = score.getPrediction() >= score.getResidualThreshold();
            kind = probeSaysPresent ? "probe-higher" : "source-higher";
            // A probability against a label, not against the raw feature value.
            residual = score.getPrediction() - (probeSaysPresent ? 0 : 1);
            // How sure the probe is of its call, from 0 (at the boundary) to 1.
            double boundary = score.getResidualThreshold();
            size = Math.abs(score.getPrediction() - boundary) / (probeSaysPresent ? 1 - boundary : boundary);
            reason = String.format(Locale.ROOT,
                    "%s: the probe gives the concept probability %.3f (boundary %.3f) but the source feature %.4f is %s the threshold %.4f",
                    probeSaysPresent ? "the probe says the concept is there and the source says not"
                            : "the source says the concept is there and the probe says not",
                    score.getPrediction(), boundary, score.getFeatureValue(), probeSaysPresent ? "below" : "at or above",
                    probe.threshold());
        } else {
            kind = residual > 0 ? "probe-higher" : "source-higher";
            size = Math.abs(residual) / score.getResidualThreshold();
            reason = String.format(Locale.ROOT,
                    "%s: probe says %.4f but the source feature is %.4f; the residual %.4f is %.1f times the threshold %.4f"
                            + " (the %.3g quantile of held-out residuals%s)",
                    kind.equals("probe-higher") ? "the probe reads more of the concept than the source has"
                            : "the source has more of the concept than the probe reads",
                    score.getPrediction(), score.getFeatureValue(), residual, size, score.getResidualThreshold(),
                    monitor.residualQuantile(), monitor.robust() ? ", read off their median" : "");
        }
        if (sides.equals(ConceptSides.SAME) && !probe.binarized()) {
            reason += "; both on the same side of the concept (a difference in degree)";
        } else if (sides.equals(ConceptSides.OPPOSITE) && !probe.binarized()) {
            reason += "; on opposite sides of the concept";
        }
        return Disagreement.newBuilder()
                .setSampleId(score.getSampleId())
                .setConcept(score.getConcept())
                .setSource(score.getSource())
                .setTarget(score.getTarget())
                .setInput(score.getInput())
                .setGeneratorMode(score.getGeneratorMode())
                .setFactors(score.getFactors())
                .setFeatureValue(score.getFeatureValue())
                .setPrediction(score.getPrediction())
                .setResidual(residual)
                .setResidualScale(score.getResidualScale())
                .setKind(kind)
                .setSize(size)
                .setResidualThreshold(score.getResidualThreshold())
                .setJudgedBy(probe.binarized() ? "decision" : "residual")
                .setSides(sides)
                .setProbeStatus(score.getProbeStatus())
                .setHeldOut(score.getHeldOut())
                .setProbeVersion(score.getProbeVersion())
                .setProbeTrainedOn(score.getProbeTrainedOn())
                .setReason(reason)
                .setCreatedAt(score.getCreatedAt())
                .setDetectedAt(Instant.now())
                .build();
    }

    /** The disagreement in its group: the group on the record and in its reason. */
    static Disagreement grouped(Disagreement disagreement, DisagreementGroup group) {
        disagreement.setGroup(group);
        disagreement.setReason(disagreement.getReason() + String.format(Locale.ROOT, "; group %d (%s, %d so far)",
                group.getId(), group.getIsNew() ? "new" : "grown", group.getSize()));
        return disagreement;
    }

    /** Asks the generator for samples near this disagreement: compute goes where the boundary is unclear. */
    static SampleRequest request(Score score, DisagreementGroup group) {
        return SampleRequest.newBuilder()
                .setConcept(score.getConcept())
                .setTarget(score.getTarget())
                .setGroupId(group.getId())
                .setGroupSize(group.getSize())
                .setExample(new RequestExample(score.getSampleId(), score.getInput(), score.getGeneratorMode(),
                        score.getFactors()))
                .setRequestedAt(Instant.now())
                .build();
    }

}
