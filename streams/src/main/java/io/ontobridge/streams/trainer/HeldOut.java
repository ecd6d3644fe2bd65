package io.ontobridge.streams.trainer;

import io.ontobridge.schema.SampleInput;
import io.ontobridge.schema.SampleInputs;
import org.apache.kafka.common.utils.Utils;

/**
 * The deterministic held-out rule: a sample is held out when the murmur2 hash of its input's content (the text as
 * UTF-8, or the image's bytes; Kafka's partitioner hash, so any client can recompute it) falls in the first
 * {@code percent} of 100 buckets. By content, not by sample id: a corpus cycled over more samples than it has lines
 * (or a world that draws the same scene twice) repeats inputs, and a split by id would learn from the very texts it
 * is judged on. The same input is held out by every probe, in every run and after every restart.
 */
public final class HeldOut {
    private HeldOut() {
    }

    public static boolean isHeldOut(SampleInput input, int percent) {
        return isHeldOut(SampleInputs.content(input), percent);
    }

    static boolean isHeldOut(byte[] content, int percent) {
        int bucket = Utils.toPositive(Utils.murmur2(content)) % 100;
        return bucket < percent;
    }
}
