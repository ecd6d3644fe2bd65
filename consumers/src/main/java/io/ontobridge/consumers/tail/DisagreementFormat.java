package io.ontobridge.consumers.tail;

import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.GroupDescription;

import java.util.Locale;

/** A disagreement as a few lines a person reads at a glance. */
public final class DisagreementFormat {
    private DisagreementFormat() {
    }

    public static String readable(Disagreement d) {
        return headline(d) + group(d) + truth(d) + tokens(d) + nearest(d);
    }

    /**
     * "  source reads it from (its feature with the word minus without): wonderful +0.41, not -0.22". The
     * influences explain the source's value only (the monitor runs no target model).
     */
    private static String tokens(Disagreement d) {
        if (d.getTokenInfluence().isEmpty()) {
            return "";
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%n  source reads it from (its feature with the word minus without):"));
        d.getTokenInfluence().forEach(t -> line.append(String.format(Locale.ROOT, " %s %+.3f", t.getToken(), t.getDelta())));
        return line.toString();
    }

    /** The nearest agreeing sample: "  nearest agreeing: "text" (source 0.8, probe 0.7)". */
    private static String nearest(Disagreement d) {
        if (d.getNearestAgreeing().isEmpty()) {
            return "";
        }
        var n = d.getNearestAgreeing().get(0);
        String what = n.getInput().getText() != null ? "\"" + n.getInput().getText() + "\"" : "sample " + n.getSampleId();
        return String.format(Locale.ROOT, "%n  nearest agreeing: %s (source %.4f, probe %.4f, distance %.3f)", what,
                n.getFeatureValue(), n.getPrediction(), n.getDistance());
    }

    /**
     * "  group 3: new" or "  group 3: 20 so far", and under it what sets the group apart where the monitor described
     * it: "    described (20 members against 812 recent samples on their side of the concept): size 8.35-9.94 (rest
     * 4.01-10.96); ...".
     */
    private static String group(Disagreement d) {
        if (d.getGroup() == null) {
            return "";
        }
        String reviews = d.getGroup().getReviews().isEmpty() ? "" : ", reviews " + d.getGroup().getReviews();
        String line = String.format(Locale.ROOT, "%n  group %d: %s%s", d.getGroup().getId(),
                d.getGroup().getIsNew() ? "new" : d.getGroup().getSize() + " so far", reviews);
        GroupDescription description = d.getGroup().getDescription();
        return description == null ? line : line + String.format(Locale.ROOT, "%n    described %s", described(description));
    }

    /** "(20 members against 812 recent samples on their side of the concept): size 8.35-9.94 (rest 4.01-10.96); ...". */
    public static String described(GroupDescription description) {
        return String.format(Locale.ROOT, "(%d members against %d recent samples on their side of the concept): %s",
                description.getMembers(), description.getCompared(), description.getText());
    }

    /** The ground truth where the sample carries it: "  truth (world): shape=1 size=7.20 ...". */
    private static String truth(Disagreement d) {
        if (d.getFactors().isEmpty()) {
            return "";
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%n  truth (%s):", d.getGeneratorMode()));
        d.getFactors().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(f -> line.append(String.format(Locale.ROOT, " %s=%.2f", f.getKey(), f.getValue())));
        return line.toString();
    }

    private static String headline(Disagreement d) {
        String input = d.getInput().getText() != null ? "\"" + d.getInput().getText() + "\""
                : "[image, " + (d.getInput().getImage() == null ? 0 : d.getInput().getImage().remaining()) + " bytes]";
        return String.format(Locale.ROOT, "%s  %s  %s@%s -> %s@%s  probe v%d (%s, trained on %d)%s  sample %s%n  %s%n  %s",
                d.getDetectedAt(), d.getConcept(), d.getSource().getName(), d.getSource().getVersion(),
                d.getTarget().getName(), d.getTarget().getVersion(), d.getProbeVersion(), d.getProbeStatus(),
                d.getProbeTrainedOn(), d.getHeldOut() ? " held-out" : "", d.getSampleId(), input, values(d));
    }

    /** The two values and how they were judged: a residual against its threshold, or two decisions. */
    private static String values(Disagreement d) {
        String sides = switch (d.getSides()) {
            case "opposite" -> ", on opposite sides of the concept";
            case "same" -> ", same side of the concept (a difference in degree)";
            default -> "";
        };
        if (d.getJudgedBy().equals("decision")) {
            boolean probeSaysPresent = d.getKind().equals("probe-higher");
            return String.format(Locale.ROOT, "source %.4f (%s)  probe probability %.4f (%s, boundary %.4f): %s, "
                            + "the probe %.0f%% of the way from the boundary to certain", d.getFeatureValue(),
                    probeSaysPresent ? "absent" : "present", d.getPrediction(), probeSaysPresent ? "present" : "absent",
                    d.getResidualThreshold(), d.getKind(), 100 * d.getSize());
        }
        return String.format(Locale.ROOT, "source %.4f  probe %.4f  residual %+.4f: %s, %.1fx the threshold %.4f%s",
                d.getFeatureValue(), d.getPrediction(), d.getResidual(), d.getKind(), d.getSize(),
                d.getResidualThreshold(), sides);
    }
}
