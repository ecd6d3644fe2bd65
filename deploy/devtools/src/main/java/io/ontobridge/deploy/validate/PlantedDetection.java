package io.ontobridge.deploy.validate;

import io.ontobridge.deploy.demo.RunTally.Scored;
import io.ontobridge.probe.metrics.BinaryMetrics;
import io.ontobridge.schema.Disagreement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How well one run's monitor found a planted region, from what the run wrote to its topics: the scores (every
 * sample's source value and probe prediction, made before the probe learned from it) and the disagreements. Only
 * samples with ground truth (world scenes) can be placed in or out of the region; decoded images are left out of
 * every figure but the counts. The AUROCs and the region's share are taken over the world's own draws: scenes drawn
 * near a disagreement (active sampling) are not a sample of the world, though their disagreements count.
 *
 * @param samples                  distinct samples scored
 * @param withTruth                of those, the ones drawn from the world with ground truth (not near a disagreement)
 * @param inRegion                 of those, the ones in the planted region
 * @param heldOutIn                held-out samples in the region scored after the first {@value #WARM_UP} (the
 *                                 AUROC's positives: before then the monitor judges nothing, and the probe has not
 *                                 settled)
 * @param heldOutOut               held-out samples outside it
 * @param aurocAbsResidual         AUROC of |source - probe| on those held-out samples, region against the rest; NaN when
 *                                 either side is empty (a control has no region)
 * @param aurocAbsResidualSe       its standard error (Hanley and McNeil 1982); a region of a few dozen held-out
 *                                 samples gives an AUROC good to about +-0.05
 * @param aurocSignedResidual      the same with the signed residual (source - probe), beside it because a planted
 *                                 difference has a direction
 * @param aurocAbsResidualAfterWarmUp AUROC of |residual| on every sample scored after the first {@value #WARM_UP}
 *                                 (each prediction is made before the probe learns from its sample, so it is out of
 *                                 sample too, though the probe has learned from similar ones): many more samples
 *                                 than the held-out share
 * @param aurocConditional         held-out AUROC of |residual| over the typical |residual| of samples with a similar
 *                                 source value (the learned samples of the same decile of the source feature): an
 *                                 offline look at a threshold conditional on the source value, not what the
 *                                 monitor does
 * @param disagreements            distinct disagreement records
 * @param disagreementsInRegion    of those, with ground truth in the region
 * @param attentionLift            the region's share of the disagreements over its share of the samples; NaN without
 *                                 a region or without disagreements
 * @param disagreementsPer1000     disagreements per 1000 samples scored (on the control: the false alarm rate)
 * @param worldDisagreementsPer1000 disagreements on the world's own draws per 1000 of them: on the control the false
 *                                 alarm rate of the stream as it comes, which a residual quantile q bounds near
 *                                 1000 (1 - q) (active sampling near false alarms adds to the overall rate)
 * @param groups                   distinct groups among the disagreements
 * @param groupsPer1000            groups per 1000 samples scored
 * @param groupsHitting            groups whose members (with ground truth) are mostly in the region
 * @param groupPrecision           groups hitting over groups; NaN without groups
 * @param groupRecall              the region's disagreements that lie in a hitting group, over the region's
 *                                 disagreements; NaN without any
 * @param samplesToFirstDetection  samples scored, in score order, up to the first disagreement in the region; -1 when
 *                                 none was found
 * @param hittingTopFactors        the factor each hitting group's latest description ranks first, with the number of
 *                                 groups ranking it so
 * @param hittingDescription       the latest description of the largest hitting group, in words; null without one
 */
public record PlantedDetection(long samples, long withTruth, long inRegion, long heldOutIn, long heldOutOut,
                               double aurocAbsResidual, double aurocAbsResidualSe, double aurocSignedResidual,
                               double aurocAbsResidualAfterWarmUp, double aurocConditional, long disagreements,
                               long disagreementsInRegion, double attentionLift, double disagreementsPer1000,
                               double worldDisagreementsPer1000,
                               long groups, double groupsPer1000, long groupsHitting, double groupPrecision,
                               double groupRecall, long samplesToFirstDetection, Map<String, Integer> hittingTopFactors,
                               String hittingDescription) {
    /** Samples scored before the after-warm-up AUROC counts them: the monitor's default min_trained. */
    public static final int WARM_UP = 500;
    /** The generator mode of samples drawn near a disagreement (Sample.generatorMode). */
    static final String REQUESTED = "requested";

    /** The figures of one run; {@code region} is false for every sample on a control. */
    public static PlantedDetection measure(List<Scored> scores, List<Disagreement> found,
                                           Predicate<Map<String, Double>> region) {
        return measure(scores, found, region, WARM_UP);
    }

    /** The same, with the AUROCs over samples scored after the first {@code warmUp}. */
    static PlantedDetection measure(List<Scored> scores, List<Disagreement> found,
                                    Predicate<Map<String, Double>> region, int warmUp) {
        Map<String, Scored> bySample = new LinkedHashMap<>();
        scores.stream().sorted(Comparator.comparing(Scored::scoredAt))
                .forEach(score -> bySample.putIfAbsent(score.sampleId(), score));
        long withTruth = 0;
        long inRegion = 0;
        List<Double> absIn = new ArrayList<>();
        List<Double> absOut = new ArrayList<>();
        List<Double> signedIn = new ArrayList<>();
        List<Double> signedOut = new ArrayList<>();
        List<Double> warmIn = new ArrayList<>();
        List<Double> warmOut = new ArrayList<>();
        long order = 0;
        for (Scored score : bySample.values()) {
            order++;
            if (!drawnFromTheWorld(score)) {
                continue;
            }
            withTruth++;
            boolean in = region.test(score.factors());
            inRegion += in ? 1 : 0;
            double residual = score.feature() - score.prediction();
            if (order > warmUp) {
                (in ? warmIn : warmOut).add(Math.abs(residual));
            }
            if (score.heldOut() && order > warmUp) {
                (in ? absIn : absOut).add(Math.abs(residual));
                (in ? signedIn : signedOut).add(residual);
            }
        }

        Map<String, Disagreement> bySampleFound = new LinkedHashMap<>();
        found.forEach(d -> bySampleFound.putIfAbsent(d.getSampleId(), d));
        long inRegionFound = 0;
        long foundInWorldDraws = 0;
        Map<Long, int[]> groupMembers = new HashMap<>(); // group id -> {members with truth, of them in the region}
        for (Disagreement d : bySampleFound.values()) {
            boolean truth = d.getFactors() != null && !d.getFactors().isEmpty();
            boolean in = inRegion(d, region);
            inRegionFound += in ? 1 : 0;
            Scored scored = bySample.get(d.getSampleId());
            foundInWorldDraws += scored != null && drawnFromTheWorld(scored) ? 1 : 0;
            if (d.getGroup() != null) {
                int[] counts = groupMembers.computeIfAbsent(d.getGroup().getId(), id -> new int[2]);
                counts[0] += truth ? 1 : 0;
                counts[1] += in ? 1 : 0;
            }
        }
        long hitting = groupMembers.values().stream().filter(PlantedDetection::hits).count();
        // What the hitting groups' latest descriptions rank first, and the description of the largest of them.
        Map<Long, Disagreement> latest = new HashMap<>();
        for (Disagreement d : bySampleFound.values()) {
            if (d.getGroup() != null && d.getGroup().getDescription() != null && hits(groupMembers.get(d.getGroup().getId()))) {
                latest.merge(d.getGroup().getId(), d, (a, b) -> b.getGroup().getSize() >= a.getGroup().getSize() ? b : a);
            }
        }
        Map<String, Integer> topFactors = new java.util.TreeMap<>();
        String largestDescription = null;
        int largest = -1;
        for (Disagreement d : latest.values()) {
            var description = d.getGroup().getDescription();
            if (!description.getFactors().isEmpty()) {
                topFactors.merge(description.getFactors().get(0).getName(), 1, Integer::sum);
            }
            if (d.getGroup().getSize() > largest) {
                largest = d.getGroup().getSize();
                largestDescription = description.getText();
            }
        }
        long inHittingGroups = bySampleFound.values().stream()
                .filter(d -> d.getGroup() != null && inRegion(d, region))
                .filter(d -> hits(groupMembers.get(d.getGroup().getId()))).count();

        long toFirst = -1;
        long rank = 0;
        for (Scored score : bySample.values()) {
            rank++;
            Disagreement d = bySampleFound.get(score.sampleId());
            if (d != null && inRegion(d, region)) {
                toFirst = rank;
                break;
            }
        }

        long n = bySample.size();
        long disagreements = bySampleFound.size();
        double regionShare = withTruth == 0 ? Double.NaN : inRegion / (double) withTruth;
        double lift = inRegion == 0 || disagreements == 0 ? Double.NaN
                : (inRegionFound / (double) disagreements) / regionShare;
        double heldOutAuroc = auroc(absIn, absOut);
        return new PlantedDetection(n, withTruth, inRegion, absIn.size(), absOut.size(), heldOutAuroc,
                aurocStandardError(heldOutAuroc, absIn.size(), absOut.size()), auroc(signedIn, signedOut),
                auroc(warmIn, warmOut), conditionalAuroc(bySample.values(), region), disagreements, inRegionFound, lift,
                per1000(disagreements, n), per1000(foundInWorldDraws, withTruth),
                groupMembers.size(), per1000(groupMembers.size(), n), hitting,
                groupMembers.isEmpty() ? Double.NaN : hitting / (double) groupMembers.size(),
                inRegionFound == 0 ? Double.NaN : inHittingGroups / (double) inRegionFound, toFirst, topFactors,
                largestDescription);
    }

    /** {@link BinaryMetrics#auroc} of {@code positives} (label 1) against {@code negatives} (label 0). */
    static double auroc(List<Double> positives, List<Double> negatives) {
        double[] scores = new double[positives.size() + negatives.size()];
        int[] labels = new int[scores.length];
        for (int i = 0; i < positives.size(); i++) {
            scores[i] = positives.get(i);
            labels[i] = 1;
        }
        for (int i = 0; i < negatives.size(); i++) {
            scores[positives.size() + i] = negatives.get(i);
        }
        return BinaryMetrics.auroc(scores, labels);
    }

    /** Whether a disagreement's ground truth lies in the region (false without any). */
    private static boolean inRegion(Disagreement d, Predicate<Map<String, Double>> region) {
        return d.getFactors() != null && !d.getFactors().isEmpty() && region.test(d.getFactors());
    }

    /**
     * A sample drawn from the world as it is: it has ground truth and was not drawn near a disagreement on purpose
     * (active sampling's {@code requested} mode), so the region holds its natural share of these.
     */
    static boolean drawnFromTheWorld(Scored score) {
        return !score.factors().isEmpty() && !REQUESTED.equals(score.mode());
    }

    /** A group hits the region when most of its members with ground truth lie in it. */
    private static boolean hits(int[] membersWithTruthAndInRegion) {
        return membersWithTruthAndInRegion[0] > 0 && 2 * membersWithTruthAndInRegion[1] > membersWithTruthAndInRegion[0];
    }

    /**
     * Each held-out sample's |residual| over the root-mean-square residual of the learned samples in its decile of
     * the source feature, then the AUROC of that ratio, region against the rest.
     */
    static double conditionalAuroc(Iterable<Scored> scores, Predicate<Map<String, Double>> region) {
        List<Scored> truth = new ArrayList<>();
        scores.forEach(s -> {
            if (drawnFromTheWorld(s)) {
                truth.add(s);
            }
        });
        if (truth.size() < 20) {
            return Double.NaN;
        }
        double[] sorted = truth.stream().mapToDouble(Scored::feature).sorted().toArray();
        double[] edges = new double[9];
        for (int k = 1; k <= 9; k++) {
            edges[k - 1] = sorted[k * sorted.length / 10];
        }
        double[] sumSquares = new double[10];
        int[] counts = new int[10];
        for (Scored s : truth) {
            if (!s.heldOut()) {
                int bin = decile(edges, s.feature());
                double r = s.feature() - s.prediction();
                sumSquares[bin] += r * r;
                counts[bin]++;
            }
        }
        List<Double> in = new ArrayList<>();
        List<Double> out = new ArrayList<>();
        for (Scored s : truth) {
            int bin = decile(edges, s.feature());
            if (s.heldOut() && counts[bin] > 0) {
                double ratio = Math.abs(s.feature() - s.prediction()) / Math.sqrt(sumSquares[bin] / counts[bin] + 1e-12);
                (region.test(s.factors()) ? in : out).add(ratio);
            }
        }
        return auroc(in, out);
    }

    private static int decile(double[] edges, double value) {
        int bin = 0;
        while (bin < edges.length && value >= edges[bin]) {
            bin++;
        }
        return bin;
    }

    /** Hanley and McNeil's standard error of an AUROC {@code a} from {@code p} positives and {@code n} negatives. */
    static double aurocStandardError(double a, int p, int n) {
        if (Double.isNaN(a) || p == 0 || n == 0) {
            return Double.NaN;
        }
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        return Math.sqrt((a * (1 - a) + (p - 1) * (q1 - a * a) + (n - 1) * (q2 - a * a)) / ((double) p * n));
    }

    private static double per1000(long count, long samples) {
        return samples == 0 ? Double.NaN : 1000.0 * count / samples;
    }
}
