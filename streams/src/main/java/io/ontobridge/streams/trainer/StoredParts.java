package io.ontobridge.streams.trainer;

import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;

/**
 * A value of any size in a key-value store whose changelog takes records of at most 1 MB (the producer's
 * {@code max.request.size} and the topic's {@code max.message.bytes} by default). A value up to {@link #PART_BYTES}
 * is stored as it is; a larger one is cut into parts: the first under the key itself, behind a header that says
 * how many parts there are and how long the whole value is, the others under {@code key#part#00001} and on. An MLP
 * probe with its control and baselines is over a megabyte at 384 inputs, and one record of it stopped the trainer.
 *
 * <p>Every part is written in the same transaction as the sample that changed the value, so a restart never sees
 * half a value. A stored value that is not cut starts with its own format byte, never {@link #MARKER}.
 */
final class StoredParts {
    /** At most this much per record (a quarter of Kafka's default limit leaves room for the batch's overhead). */
    static final int PART_BYTES = 256 * 1024;
    /** The first byte of a value cut into parts; the probe state formats start with a small format number. */
    static final byte MARKER = (byte) 0xB7;
    private static final int HEADER = 1 + Integer.BYTES + Integer.BYTES;
    private static final String PART = "#part#";

    private StoredParts() {
    }

    /**
     * Stores {@code value} under {@code key}, cut into parts when it is large, and drops parts left over.
     *
     * @return the record now under {@code key} (the value itself, or its first part)
     */
    static byte[] put(KeyValueStore<String, byte[]> store, String key, byte[] value) {
        int before = parts(store.get(key));
        int parts = value.length <= PART_BYTES ? 1 : (value.length + PART_BYTES - 1) / PART_BYTES;
        byte[] head = value;
        if (parts > 1) {
            head = ByteBuffer.allocate(HEADER + PART_BYTES).put(MARKER).putInt(parts).putInt(value.length)
                    .put(value, 0, PART_BYTES).array();
            for (int i = 1; i < parts; i++) {
                int from = i * PART_BYTES;
                int length = Math.min(PART_BYTES, value.length - from);
                byte[] part = new byte[length];
                System.arraycopy(value, from, part, 0, length);
                store.put(partKey(key, i), part);
            }
        }
        store.put(key, head);
        for (int i = parts; i < before; i++) {
            store.delete(partKey(key, i));
        }
        return head;
    }

    /**
     * The whole value whose first record is {@code head} (as read under {@code key}), or null for null.
     *
     * @throws IllegalStateException when a part is missing or the parts do not add up
     */
    static byte[] join(KeyValueStore<String, byte[]> store, String key, byte[] head) {
        int parts = parts(head);
        if (parts <= 1) {
            return head;
        }
        ByteBuffer header = ByteBuffer.wrap(head, 1, HEADER - 1);
        header.getInt();
        int length = header.getInt();
        byte[] value = new byte[length];
        int at = head.length - HEADER;
        System.arraycopy(head, HEADER, value, 0, at);
        for (int i = 1; i < parts; i++) {
            byte[] part = store.get(partKey(key, i));
            if (part == null || at + part.length > length) {
                throw new IllegalStateException("the stored value under " + key + " is cut into " + parts
                        + " parts and part " + i + (part == null ? " is missing" : " runs past its length"));
            }
            System.arraycopy(part, 0, value, at, part.length);
            at += part.length;
        }
        if (at != length) {
            throw new IllegalStateException("the stored value under " + key + " has " + at + " of its " + length
                    + " bytes");
        }
        return value;
    }

    /** How many records a stored value spans: 0 for none, 1 for a value stored as it is. */
    private static int parts(byte[] head) {
        if (head == null) {
            return 0;
        }
        if (head.length >= HEADER && head[0] == MARKER) {
            return ByteBuffer.wrap(head, 1, Integer.BYTES).getInt();
        }
        return 1;
    }

    private static String partKey(String key, int index) {
        return key + PART + String.format("%05d", index);
    }
}
