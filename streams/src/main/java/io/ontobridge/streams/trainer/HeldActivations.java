package io.ontobridge.streams.trainer;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Activations of a target version the trainer does not know yet, held in a state store (with a changelog, so in
 * the same transactions as everything else) until its announcement reaches the models topic's global store, and
 * then learned from in the order they came. Inference only serves announced versions, so this covers the moment
 * between an announcement and the global thread reading it; a version still unknown after {@link #LIMIT} is
 * dead-lettered as {@code unknown-model}. While a version has activations held, its later ones are held behind them.
 */
final class HeldActivations {
    static final String STORE = "held-activations";
    /** How long activations of an unknown version wait for its announcement. */
    static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String SEQUENCE = "~sequence";
    private static final byte FORMAT = 1;

    /** Where a record came from, for its dead letter: also known after the record has left the stream. */
    record Origin(String topic, int partition, long offset) {
    }

    /** One held activation record, as it arrived, with its sample id and when it was held (wall clock). */
    record Held(String key, byte[] value, long timestamp, Origin origin, String sampleId, long heldAtMs) {
        byte[] toBytes() {
            return new StateWriter("held activation", value.length + 128)
                    .writeByte(FORMAT)
                    .writeUtf(key == null ? "" : key)
                    .writeBlock(value)
                    .writeLong(timestamp)
                    .writeUtf(origin.topic())
                    .writeInt(origin.partition())
                    .writeLong(origin.offset())
                    .writeUtf(sampleId)
                    .writeLong(heldAtMs)
                    .toByteArray();
        }

        static Held fromBytes(byte[] bytes) {
            return StateReader.read(bytes, "held activation", in -> {
                if (in.readByte() != FORMAT) {
                    throw in.corrupt("unknown format");
                }
                String key = in.readUtf();
                byte[] value = in.readBlock();
                return new Held(key.isEmpty() ? null : key, value, in.readLong(),
                        new Origin(in.readUtf(), in.readInt(), in.readLong()), in.readUtf(), in.readLong());
            });
        }
    }

    private final KeyValueStore<String, byte[]> store;
    /** The versions with activations waiting, read from the store once: every sample asks, few are ever held. */
    private final Set<String> versions = new HashSet<>();

    HeldActivations(KeyValueStore<String, byte[]> store) {
        this.store = store;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (!key.equals(SEQUENCE)) {
                    versions.add(key.substring(0, key.lastIndexOf('|')));
                }
            }
        }
    }

    /** Whether activations of {@code version} are waiting. */
    boolean holds(String version) {
        return versions.contains(version);
    }

    void hold(String version, Held held) {
        byte[] last = store.get(SEQUENCE);
        long next = last == null ? 0 : Long.parseLong(new String(last, java.nio.charset.StandardCharsets.US_ASCII)) + 1;
        store.put(SEQUENCE, Long.toString(next).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        // Zero-padded, so the store's byte order is arrival order.
        store.put(prefix(version) + String.format("%020d", next), held.toBytes());
        versions.add(version);
    }

    /** Every held version with the wall-clock time its oldest activation was held. */
    Map<String, Long> versions() {
        Map<String, Long> oldest = new LinkedHashMap<>();
        for (String version : versions) {
            // Held in arrival order: the first under the version's prefix is the oldest.
            try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix(version), Serdes.String().serializer())) {
                if (it.hasNext()) {
                    oldest.put(version, Held.fromBytes(it.next().value).heldAtMs());
                }
            }
        }
        return oldest;
    }

    /** Removes and returns the activations held for {@code version}, oldest first. */
    List<Held> take(String version) {
        List<String> keys = new ArrayList<>();
        List<Held> held = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix(version), Serdes.String().serializer())) {
            while (it.hasNext()) {
                var entry = it.next();
                keys.add(entry.key);
                held.add(Held.fromBytes(entry.value));
            }
        }
        keys.forEach(store::delete);
        versions.remove(version);
        return held;
    }

    private static String prefix(String version) {
        return version + "|";
    }
}
