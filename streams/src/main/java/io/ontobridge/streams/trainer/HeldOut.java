package io.ontobridge.streams.trainer;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * The deterministic held-out rule: a sample is held out when the murmur2 hash of its id (Kafka's
 * partitioner hash, so any client can recompute it) falls in the first {@code percent} of 100 buckets.
 * The same sample is held out by every probe and after every restart.
 */
public final class HeldOut {
    private HeldOut() {
    }

    public static boolean isHeldOut(String sampleId, int percent) {
        int bucket = Utils.toPositive(Utils.murmur2(sampleId.getBytes(StandardCharsets.UTF_8))) % 100;
        return bucket < percent;
    }
}
