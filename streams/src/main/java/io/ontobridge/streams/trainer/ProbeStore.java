package io.ontobridge.streams.trainer;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The trainer's probes in their state store, as a checkpoint and a log. A probe's whole state (hundreds of
 * kilobytes with a pixel baseline) is written only every {@value #CHECKPOINT_EVERY} samples; in between, each
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

    private final KeyValueStore<String, byte[]> store;
    private final IntFunction<Probe> newProbe;
    private final Map<String, Live> live = new HashMap<>();

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
        TrackedProbe probe = TrackedProbe.fromBytes(checkpoint);
        List<byte[]> logged = new ArrayList<>();
        try (var entries = store.prefixScan(key + LOG, new StringSerializer())) {
            entries.forEachRemaining(entry -> logged.add(entry.value)); // keys sort in log order
        }
        for (byte[] update : logged) {
            ProbeUpdate.fromBytes(update).applyTo(probe, newProbe);
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
        byte[] bytes = probe.toBytes();
        store.put(key, bytes);
        Live current = live.get(key);
        int logged = current == null ? 0 : current.logged();
        for (int i = 0; i < logged; i++) {
            store.delete(logKey(key, i));
        }
        live.put(key, new Live(probe, bytes, 0));
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

    /** Zero-padded, so a prefix scan returns a probe's log in order. */
    private static String logKey(String key, int index) {
        return key + LOG_SUFFIXES[index];
    }

    private static final String[] LOG_SUFFIXES = java.util.stream.IntStream.range(0, CHECKPOINT_EVERY)
            .mapToObj(i -> LOG + String.format("%05d", i)).toArray(String[]::new);
}
