package io.ontobridge.deploy.validate;

import io.ontobridge.deploy.demo.RunTally.Scored;
import io.ontobridge.schema.Disagreement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * How well one run's monitor found a planted region, from what the run wrote to its topics: the scores (every
 * sample's source value and probe prediction, made before the probe learned from it) and the disagreements. Only
 * samples with ground truth (world scenes) can be placed in or out of the region; decoded images are left out of
 * every figure but the counts. The AUROCs and the region's share are taken over the world's own draws: scenes drawn
 * near a disagreement (active sampling) are not a sample of the world, though their disagreements count.
 *
 * <p>The run emits every flagged score ({@code emit: all}); an <em>alert</em> is a flagged score the monitor's
 * default rule deems worth a person's time: source and probe on opposite sides of the concept, or on the same side
 * with a residual at least {@code same_side_factor} times the threshold. Only alerts form groups and ask for
 * samples near them; a difference in degree only is counted among the flagged scores alone.
 *
 * @param counts                  what was scored, and where
 * @param detection               how well |residual| separates the region from the rest
 * @param attention               where the monitor's records fell
 * @param groups                  the monitor's groups against the region
 * @param falseAlarms             records and groups per 1000 samples: on a control, every one is a false alarm
 * @param samplesToFirstDetection samples scored, in score order, up to the first alert in the region; -1 when none
 * @param described               what the hitting groups' descriptions rank first
 */
public record PlantedDetection(Counts counts, Detection detection, Attention attention, Groups groups,
                               FalseAlarms falseAlarms, long samplesToFirstDetection, Described described) {
    /** Samples scored before the AUROCs count them: the monitor's default min_trained. */
    public static final int WARM_UP = 500;
    /** The generator mode of samples drawn near a disagreement (Sample.generatorMode). */
    static final String REQUESTED = "requested";
    /** The monitor's word for a disagreement in degree only (Disagreement.sides). */
    private static final String SAME_SIDE = "same";

    /**
     * @param samples    distinct samples scored
     * @param worldDraws of those, the ones drawn from the world with ground truth (not near a disagreement)
     * @param inRegion   of those, the ones in the planted region
     * @param heldOutIn  held-out world draws in the region scored after the first {@value #WARM_UP} (the AUROC's
     *                   positives: before then the monitor judges nothing, and the probe has not settled)
     * @param heldOutOut held-out world draws outside it
     */
    public record Counts(long samples, long worldDraws, long inRegion, long heldOutIn, long heldOutOut) {
    }

    /**
     * @param aurocAbsResidual   AUROC of |source - probe| on the held-out world draws, region against the rest; NaN
     *                           when either side is empty (a control has no region)
     * @param aurocAbsResidualSe its standard error (Hanley and McNeil 1982)
     * @param aurocSigned        the same with the signed residual (source - probe): a planted difference has a
     *                           direction, so this is far from 0.5 either way
     * @param aurocAfterWarmUp   AUROC of |residual| on every world draw after the warm-up (each prediction is made
     *                           before the probe learns from its sample, so it is out of sample too): ten times the
     *                           held-out n
     * @param aurocBySourceDecile held-out |residual| over the typical |residual| of learned samples with a similar
     *                           source value (same decile): an offline look at a threshold conditional on the source
     *                           value, not what the monitor does
     */
    public record Detection(double aurocAbsResidual, double aurocAbsResidualSe, double aurocSigned,
                            double aurocAfterWarmUp, double aurocBySourceDecile) {
    }

    /**
     * @param flagged         distinct records (every score beyond the threshold)
     * @param flaggedInRegion of those, with ground truth in the region
     * @param alerts          records worth a person's time (opposite sides, or same side at same_side_factor x)
     * @param alertsInRegion  of those, in the region
     * @param lift            the region's share of the alerts (of those with ground truth) over its share of the
     *                        world's draws; NaN without a region or without alerts
     * @param flaggedLift     the same over every flagged record
     */
    public record Attention(long flagged, long flaggedInRegion, long alerts, long alertsInRegion, double lift,
                            double flaggedLift) {
    }

    /**
     * @param groups    distinct groups (only alerts form groups)
     * @param hitting   groups whose members with ground truth are mostly in the region
     * @param precision hitting over groups; NaN without groups
     * @param recall    the region's alerts that lie in a hitting group, over the region's alerts; NaN without any
     */
    public record Groups(long groups, long hitting, double precision, double recall) {
    }

    /**
     * @param flaggedPer1000World flagged world draws per 1000 world draws: the threshold's own false-positive rate on a
     *                            control, which a residual quantile q sets near 1000 (1 - q)
     * @param alertsPer1000World  alerts among world draws per 1000 of them
     * @param alertsPer1000       alerts per 1000 samples scored, those drawn near an alert included
     * @param groupsPer1000       groups per 1000 samples scored
     */
    public record FalseAlarms(double flaggedPer1000World, double alertsPer1000World, double alertsPer1000,
                              double groupsPer1000) {
    }

    /**
     * @param topFactors         the factor each hitting group's latest description ranks first, with the number of
     *                           groups ranking it so
     * @param largestDescription the latest description of the largest hitting group, in words; null without one
     */
    public record Described(Map<String, Integer> topFactors, String largestDescription) {
    }

    /**
     * The figures of one run; {@code region} is false for every sample on a control.
     *
     * @param sameSideFactor the monitor's same_side_factor: what makes a same-side record an alert
     */
    public static PlantedDetection measure(List<Scored> scores, List<Disagreement> found,
                                           Predicate<Map<String, Double>> region, double sameSideFactor) {
        return measure(scores, found, region, sameSideFactor, WARM_UP);
    }

    /** The same, with the AUROCs over samples scored after the first {@code warmUp}. */
    static PlantedDetection measure(List<Scored> scores, List<Disagreement> found,
                                    Predicate<Map<String, Double>> region, double sameSideFactor, int warmUp) {
        Map<String, Scored> bySample = new LinkedHashMap<>();
        scores.stream().sorted(Comparator.comparing(Scored::scoredAt))
                .forEach(score -> bySample.putIfAbsent(score.sampleId(), score));
        long worldDraws = 0;
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
            worldDraws++;
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
        long flaggedInRegion = 0;
        long flaggedWithTruth = 0;
        long flaggedInWorldDraws = 0;
        long alerts = 0;
        long alertsWithTruth = 0;
        long alertsInRegion = 0;
        long alertsInWorldDraws = 0;
        Map<Long, int[]> groupMembers = new HashMap<>(); // group id -> {alerts with truth, of them in the region}
        for (Disagreement d : bySampleFound.values()) {
            boolean truth = d.getFactors() != null && !d.getFactors().isEmpty();
            boolean in = inRegion(d, region);
            boolean alert = alert(d, sameSideFactor);
            Scored scored = bySample.get(d.getSampleId());
            boolean worldDraw = scored != null && drawnFromTheWorld(scored);
            flaggedInRegion += in ? 1 : 0;
            flaggedWithTruth += truth ? 1 : 0;
            flaggedInWorldDraws += worldDraw ? 1 : 0;
            if (!alert) {
                continue;
            }
            alerts++;
            alertsWithTruth += truth ? 1 : 0;
            alertsInRegion += in ? 1 : 0;
            alertsInWorldDraws += worldDraw ? 1 : 0;
            if (d.getGroup() != null) {
                int[] counts = groupMembers.computeIfAbsent(d.getGroup().getId(), id -> new int[2]);
                counts[0] += truth ? 1 : 0;
                counts[1] += in ? 1 : 0;
            }
        }
        long hitting = groupMembers.values().stream().filter(PlantedDetection::hits).count();
        long inHittingGroups = bySampleFound.values().stream()
                .filter(d -> alert(d, sameSideFactor) && d.getGroup() != null && inRegion(d, region))
                .filter(d -> hits(groupMembers.get(d.getGroup().getId()))).count();

        long toFirst = -1;
        long rank = 0;
        for (Scored score : bySample.values()) {
            rank++;
            Disagreement d = bySampleFound.get(score.sampleId());
            if (d != null && alert(d, sameSideFactor) && inRegion(d, region)) {
                toFirst = rank;
                break;
            }
        }

        long n = bySample.size();
        double regionShare = worldDraws == 0 ? Double.NaN : inRegion / (double) worldDraws;
        double heldOutAuroc = RegionAurocs.auroc(absIn, absOut);
        return new PlantedDetection(
                new Counts(n, worldDraws, inRegion, absIn.size(), absOut.size()),
                new Detection(heldOutAuroc, RegionAurocs.standardError(heldOutAuroc, absIn.size(), absOut.size()),
                        RegionAurocs.auroc(signedIn, signedOut), RegionAurocs.auroc(warmIn, warmOut),
                        RegionAurocs.bySourceDecile(bySample.values(), region, PlantedDetection::drawnFromTheWorld)),
                new Attention(bySampleFound.size(), flaggedInRegion, alerts, alertsInRegion,
                        lift(alertsInRegion, alertsWithTruth, inRegion, regionShare),
                        lift(flaggedInRegion, flaggedWithTruth, inRegion, regionShare)),
                new Groups(groupMembers.size(), hitting,
                        groupMembers.isEmpty() ? Double.NaN : hitting / (double) groupMembers.size(),
                        alertsInRegion == 0 ? Double.NaN : inHittingGroups / (double) alertsInRegion),
                new FalseAlarms(per1000(flaggedInWorldDraws, worldDraws), per1000(alertsInWorldDraws, worldDraws),
                        per1000(alerts, n), per1000(groupMembers.size(), n)),
                toFirst, described(bySampleFound.values(), groupMembers));
    }

    /** Whether the monitor's default rule would call this record worth a person's time. */
    static boolean alert(Disagreement d, double sameSideFactor) {
        return !SAME_SIDE.equals(d.getSides()) || d.getSize() >= sameSideFactor;
    }

    private static double lift(long inRegionFound, long foundWithTruth, long inRegion, double regionShare) {
        return inRegion == 0 || foundWithTruth == 0 ? Double.NaN : (inRegionFound / (double) foundWithTruth) / regionShare;
    }

    /** What the hitting groups' latest descriptions rank first, and the description of the largest of them. */
    private static Described described(Iterable<Disagreement> found, Map<Long, int[]> groupMembers) {
        Map<Long, Disagreement> latest = new HashMap<>();
        for (Disagreement d : found) {
            if (d.getGroup() != null && d.getGroup().getDescription() != null
                    && groupMembers.containsKey(d.getGroup().getId()) && hits(groupMembers.get(d.getGroup().getId()))) {
                latest.merge(d.getGroup().getId(), d, (a, b) -> b.getGroup().getSize() >= a.getGroup().getSize() ? b : a);
            }
        }
        Map<String, Integer> topFactors = new TreeMap<>();
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
        return new Described(topFactors, largestDescription);
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

    private static double per1000(long count, long samples) {
        return samples == 0 ? Double.NaN : 1000.0 * count / samples;
    }
}
