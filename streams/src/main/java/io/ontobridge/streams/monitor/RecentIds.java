package io.ontobridge.streams.monitor;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

import java.util.HashSet;

/**
 * The 64-bit hashes of the last {@code capacity} sample ids assigned to a disagreement group, so that a sample is
 * never assigned twice: a FIFO ring (what to forget next) plus a hash set (what is remembered), 8 bytes per id in
 * the state. A repeat is caught if fewer than {@code capacity} other ids were remembered in between; a hash
 * collision (a fresh id taken for a repeat) has probability about {@code capacity / 2^64} per id.
 */
final class RecentIds {
    private final long[] ring;
    private int count;
    private int pos;
    private final HashSet<Long> set;

    RecentIds(int capacity) {
        this.ring = new long[capacity];
        this.set = new HashSet<>(Math.min(capacity, 1 << 16) * 2);
    }

    boolean contains(long hash) {
        return set.contains(hash);
    }

    /** Remembers {@code hash}, forgetting the oldest one when full. */
    void remember(long hash) {
        if (count == ring.length) {
            set.remove(ring[pos]);
        } else {
            count++;
        }
        ring[pos] = hash;
        pos = (pos + 1) % ring.length;
        set.add(hash);
    }

    /** FNV-1a over the UTF-16 chars, then the murmur3 finalizer: a stable 64-bit id hash. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Serialized size in bytes, for a buffer's size hint. */
    int sizeHint() {
        return 8 + 8 * count;
    }

    /** How many are remembered and the ring's next slot, then the remembered hashes in slot order. */
    void write(StateWriter out) {
        out.writeInt(count);
        out.writeInt(pos);
        for (int k = 0; k < count; k++) {
            out.writeLong(ring[k]);
        }
    }

    void read(StateReader in) {
        count = in.readInt();
        pos = in.readInt();
        if (count < 0 || count > ring.length || pos < 0 || pos >= ring.length) {
            throw new IllegalArgumentException("corrupt id ring");
        }
        for (int k = 0; k < count; k++) {
            ring[k] = in.readLong();
            set.add(ring[k]);
        }
    }
}
