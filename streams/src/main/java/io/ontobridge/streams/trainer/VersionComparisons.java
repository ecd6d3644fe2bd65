package io.ontobridge.streams.trainer;

import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.schema.ActivatedSample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares the probes of consecutive target versions on the samples both activated (side by side): each
 * version's prediction on a sample meets the others' here, since inference writes a sample's versions to one
 * partition, oldest first. The comparison of a new version with the one before it is announced (with its status)
 * once {@value #COMPARISON_READY} samples were compared, each time that count doubles, when the older version has
 * retired, and with every status change.
 */
final class VersionComparisons {
    /** Samples two versions must both have scored before their comparison is announced. */
    static final int COMPARISON_READY = 200;

    /** Puts a probe's status, with its comparison, on the concept-status topic. */
    interface Announcer {
        void announce(String key, TrackedProbe probe, long timestamp);
    }

    private final ProbeStore probes;
    private final Announcer announcer;

    VersionComparisons(ProbeStore probes, Announcer announcer) {
        this.probes = probes;
        this.announcer = announcer;
    }

    /** Takes in {@code probe}'s prediction on {@code sample}, comparing it with the other versions' on it. */
    void scored(ActivatedSample sample, TrackedProbe probe, double prediction, long timestamp) {
        String family = ProbeKeys.partition(sample.getConcept(), sample.getTarget().getName());
        String version = sample.getTarget().getVersion();
        List<String> versions = probes.versions(family);
        if (!versions.contains(version)) {
            probes.addVersion(family, version);
        }
        int index = versions.indexOf(version);
        // After any version but the newest another may follow, so the prediction waits in the store too; after the
        // newest nothing follows (one version alone writes nothing per sample).
        boolean anotherMayFollow = index < versions.size() - 1;
        RecentlyScored recent = probes.recentlyScored(family);
        Map<String, Double> earlier = recent.predictions(sample.getSampleId());
        if (earlier == null) {
            // Kept in memory with one version too: the first sample a new version scores is compared with the old one's.
            recent.add(sample.getSampleId(), version, prediction);
            if (anotherMayFollow) {
                probes.persistRecentlyScored(family, open(versions));
            }
            if (index > 0) {
                announceRetired(sample, probe, timestamp);
            }
            return;
        }
        for (var other : new ArrayList<>(earlier.entrySet())) {
            int otherIndex = versions.indexOf(other.getKey());
            if (otherIndex == index - 1) {
                compare(sample, other.getKey(), other.getValue(), version, prediction, probe, timestamp);
            } else if (otherIndex == index + 1) {
                compare(sample, version, prediction, other.getKey(), other.getValue(), probe, timestamp);
            }
        }
        recent.add(sample.getSampleId(), version, prediction);
        if (anotherMayFollow) {
            probes.persistRecentlyScored(family, open(versions));
        }
    }

    /**
     * A later version alone on a sample means the older one has retired, in one partition of the samples at least:
     * the comparison is announced as it stands then, and again if it grew since (other partitions retire later).
     */
    private void announceRetired(ActivatedSample sample, TrackedProbe probe, long timestamp) {
        String key = ProbeKeys.of(sample.getConcept(), sample.getTarget());
        VersionComparison comparison = probes.comparison(key);
        if (comparison != null && comparison.samples() >= COMPARISON_READY
                && comparison.samples() > probes.comparisonAnnouncedAlone(key)) {
            announcer.announce(key, probe, timestamp);
            probes.comparisonAnnouncedAlone(key, comparison.samples());
        }
    }

    private void compare(ActivatedSample sample, String oldVersion, double oldPrediction, String newVersion,
                         double newPrediction, TrackedProbe probe, long timestamp) {
        String newKey = ProbeKeys.of(sample.getConcept(), sample.getTarget().getName(), newVersion);
        VersionComparison comparison = probes.comparison(newKey);
        if (comparison == null || !comparison.fromVersion().equals(oldVersion)) {
            comparison = new VersionComparison(oldVersion);
        }
        comparison.add(oldPrediction, newPrediction, sample.getFeatureValue(),
                probe.probe().binarized() ? probe.probe().decisionThreshold() : Double.NaN);
        probes.compared(newKey, comparison);
        if (isMilestone(comparison.samples())) {
            TrackedProbe newProbe = probes.load(newKey);
            if (newProbe != null) {
                announcer.announce(newKey, newProbe, timestamp);
            }
        }
    }

    /** The comparison of {@code key}'s probe with the previous version's, once they have scored enough together. */
    VersionComparison ready(String key) {
        VersionComparison comparison = probes.comparison(key);
        return comparison == null || comparison.samples() < COMPARISON_READY ? null : comparison;
    }

    /** A sample whose prediction from the newest version has not come yet. */
    private static java.util.function.Predicate<Map<String, Double>> open(List<String> versions) {
        String newest = versions.get(versions.size() - 1);
        return predictions -> !predictions.containsKey(newest);
    }

    private static boolean isMilestone(long compared) {
        return compared >= COMPARISON_READY && compared % COMPARISON_READY == 0
                && Long.bitCount(compared / COMPARISON_READY) == 1;
    }
}
