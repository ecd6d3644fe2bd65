package io.ontobridge.streams.trainer;

import io.ontobridge.probe.ProbeUpdate;
import io.ontobridge.probe.drift.DisagreementDrift;
import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The trainer's probes in their state store, as a checkpoint and a log. A probe's whole state (hundreds of
 * kilobytes with a pixel baseline, megabytes for an MLP; cut into records that fit by {@link StoredParts}) is
 * written only every {@value #CHECKPOINT_EVERY} samples; in between, each
 * sample's {@link ProbeUpdate} (its read-outs and values, the size of the input record) is written under its
 * own key, and loading a probe replays those updates onto the checkpoint. Replay runs the same arithmetic, so
 * the loaded probe is bit for bit the one that was saved; and every sample's store writes commit with the
 * sample in the same transaction, as before.
 *
 * <p>The probe last loaded or saved stays decoded and is used as long as the store still holds the very
 * checkpoint it was saved as (the store's cache hands back the same array); a checkpoint written by another
 * processor (the review learner) or restored from the changelog is decoded afresh.
 */
final class ProbeStore {
    /** Samples between checkpoints. */
    static final int CHECKPOINT_EVERY = 64;
    private static final String LOG = "#log#";
    /** Beside each probe: the status last announced for it on the concept-status topic. */
    private static final String ANNOUNCED = "#announced";
    /** Beside each probe of a later target version: its comparison with the version before it. */
    private static final String COMPARISON = "#comparison";
    /** Beside each probe of a later target version: the compared samples when last announced after the older retired. */
    private static final String COMPARISON_RETIRED = "#comparison-retired";
    /** Beside each probe: the watch on its disagreement rate (ADWIN), written with every sample it takes in. */
    private static final String DRIFT = "#drift";
    /** Per concept and target model (the partition key): its versions in the order their probes began. */
    private static final String VERSIONS = "#versions";
    /** Per concept and target model: the last sample scored and each version's prediction on it. */
    private static final String LAST_SCORED = "#last-scored";
    /** Per concept and target model: the latest samples scored and each version's prediction on them. */
    private static final String RECENTLY_SCORED = "#recently-scored";

    private final KeyValueStore<String, byte[]> store;
    private final IntFunction<Probe> newProbe;
    private final Map<String, Live> live = new HashMap<>();
    private final Map<String, List<String>> versions = new HashMap<>();
    // Decoded copies of what the comparison between versions keeps in the store, so a sample does not decode
    // them again (written through; a task that is restored or moved starts with a new ProbeStore).
    private final Map<String, RecentlyScored> recentlyScored = new HashMap<>();
    private final Map<String, VersionComparison> comparisons = new HashMap<>();
    private final Map<String, Long> announcedAlone = new HashMap<>();
    private final Map<String, DisagreementDrift> drifts = new HashMap<>();

    /** A decoded probe, the checkpoint it stems from and how many logged updates it holds beyond it. */
    private record Live(TrackedProbe probe, byte[] checkpoint, int logged) {
    }

    /** @param newProbe makes the baseline probes a replayed update may create, as the trainer does */
    ProbeStore(KeyValueStore<String, byte[]> store, IntFunction<Probe> newProbe) {
        this.store = store;
        this.newProbe = newProbe;
    }

    /** The probe under {@code key} with every update it has taken in, or null when there is none. */
    TrackedProbe load(String key) {
        byte[] checkpoint = store.get(key);
        if (checkpoint == null) {
            live.remove(key);
            return null;
        }
        Live cached = live.get(key);
        if (cached != null && cached.checkpoint() == checkpoint) {
            return cached.probe();
        }
        TrackedProbe probe = TrackedProbe.fromBytes(StoredParts.join(store, key, checkpoint));
        List<byte[]> logged = new ArrayList<>();
        try (var entries = store.prefixScan(key + LOG, new StringSerializer())) {
            entries.forEachRemaining(entry -> logged.add(entry.value)); // keys sort in log order
        }
        for (byte[] update : logged) {
            probe.probe().update(ProbeUpdate.fromBytes(update), newProbe);
        }
        live.put(key, new Live(probe, checkpoint, logged.size()));
        return probe;
    }

    /** Records that {@code probe} (as {@link #load loaded}, or new) has just taken in {@code update}. */
    void learned(String key, TrackedProbe probe, ProbeUpdate update) {
        Live current = live.get(key);
        if (current == null || current.probe() != probe || current.logged() + 1 >= CHECKPOINT_EVERY) {
            checkpoint(key, probe);
            return;
        }
        store.put(logKey(key, current.logged()), update.toBytes());
        live.put(key, new Live(probe, current.checkpoint(), current.logged() + 1));
    }

    /** Writes the probe's whole state and drops its log. */
    void checkpoint(String key, TrackedProbe probe) {
        byte[] head = StoredParts.put(store, key, probe.toBytes());
        Live current = live.get(key);
        int logged = current == null ? 0 : current.logged();
        for (int i = 0; i < logged; i++) {
            store.delete(logKey(key, i));
        }
        live.put(key, new Live(probe, head, 0));
    }

    /** The status last announced for the probe under {@code key}, or null before the first. */
    String announcedStatus(String key) {
        byte[] status = store.get(key + ANNOUNCED);
        return status == null ? null : new String(status, StandardCharsets.UTF_8);
    }

    /** Remembers {@code status} as announced; it commits with the announcement, so a restart does not repeat it. */
    void announced(String key, String status) {
        store.put(key + ANNOUNCED, status.getBytes(StandardCharsets.UTF_8));
    }

    /** The target versions of {@code family} (concept and target model) in the order their probes began. */
    List<String> versions(String family) {
        return versions.computeIfAbsent(family, f -> {
            byte[] stored = store.get(f + VERSIONS);
            return stored == null ? new ArrayList<>()
                    : new ArrayList<>(List.of(new String(stored, StandardCharsets.UTF_8).split("\n")));
        });
    }

    void addVersion(String family, String version) {
        List<String> known = versions(family);
        known.add(version);
        store.put(family + VERSIONS, String.join("\n", known).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The latest samples of {@code family} scored, with each version's prediction on them (a store written before
     * this window existed holds the last sample alone, which is taken over).
     */
    RecentlyScored recentlyScored(String family) {
        return recentlyScored.computeIfAbsent(family, f -> {
            byte[] stored = store.get(f + RECENTLY_SCORED);
            if (stored != null) {
                return RecentlyScored.fromBytes(stored);
            }
            byte[] legacy = store.get(f + LAST_SCORED);
            return legacy == null ? new RecentlyScored() : RecentlyScored.of(LastScored.fromBytes(legacy));
        });
    }

    /**
     * Stores the window's samples for which {@code open} holds, so that a restart before another version's
     * prediction on one of them still finds it.
     */
    void persistRecentlyScored(String family, Predicate<Map<String, Double>> open) {
        store.put(family + RECENTLY_SCORED, recentlyScored(family).toBytes(open));
    }

    VersionComparison comparison(String key) {
        return comparisons.computeIfAbsent(key, k -> {
            byte[] stored = store.get(k + COMPARISON);
            return stored == null ? null : VersionComparison.fromBytes(stored);
        });
    }

    void compared(String key, VersionComparison comparison) {
        comparisons.put(key, comparison);
        store.put(key + COMPARISON, comparison.toBytes());
    }

    long comparisonAnnouncedAlone(String key) {
        return announcedAlone.computeIfAbsent(key, k -> {
            byte[] stored = store.get(k + COMPARISON_RETIRED);
            return stored == null ? 0L : StateReader.read(stored, "compared sample count", StateReader::readLong);
        });
    }

    void comparisonAnnouncedAlone(String key, long samples) {
        announcedAlone.put(key, samples);
        store.put(key + COMPARISON_RETIRED, new StateWriter("compared sample count", Long.BYTES).writeLong(samples)
                .toByteArray());
    }

    /** The watch on the disagreement rate of the probe under {@code key}; a new one when none is stored. */
    DisagreementDrift drift(String key) {
        return drifts.computeIfAbsent(key, k -> {
            byte[] stored = store.get(k + DRIFT);
            return stored == null ? new DisagreementDrift() : DisagreementDrift.fromBytes(stored);
        });
    }

    /** Stores {@code watch}, changed by a sample, in the same transaction as the sample. */
    void driftChanged(String key, DisagreementDrift watch) {
        drifts.put(key, watch);
        store.put(key + DRIFT, watch.toBytes());
    }

    /** Zero-padded, so a prefix scan returns a probe's log in order. */
    private static String logKey(String key, int index) {
        return key + LOG_SUFFIXES[index];
    }

    private static final String[] LOG_SUFFIXES = java.util.stream.IntStream.range(0, CHECKPOINT_EVERY)
            .mapToObj(i -> LOG + String.format("%05d", i)).toArray(String[]::new);
}
