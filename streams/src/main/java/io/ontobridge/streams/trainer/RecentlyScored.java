package io.ontobridge.streams.trainer;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The latest samples of a concept and target model that were scored, each with every target version's prediction
 * on it, so that when another version's prediction on one of them arrives the earlier ones are here to compare
 * with. One instance of target inference writes a sample's versions one after the other, but two instances share
 * the activations partition and their batches can interleave between a sample's two records; a window of
 * {@value #CAPACITY} samples keeps the pairs together across that.
 */
final class RecentlyScored {
    /** Samples kept: far more than two inference instances' batches can interleave. */
    static final int CAPACITY = 64;
    private static final byte FORMAT = 1;

    /** Sample id -> (version -> prediction), oldest sample first. */
    private final LinkedHashMap<String, Map<String, Double>> samples = new LinkedHashMap<>();

    /** Each version's prediction on {@code sampleId} so far, or null when the sample is not in the window. */
    Map<String, Double> predictions(String sampleId) {
        return samples.get(sampleId);
    }

    /** Adds {@code version}'s prediction on {@code sampleId}; the oldest sample leaves once the window is full. */
    void add(String sampleId, String version, double prediction) {
        samples.computeIfAbsent(sampleId, id -> new LinkedHashMap<>()).put(version, prediction);
        while (samples.size() > CAPACITY) {
            Iterator<String> oldest = samples.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * The samples for which {@code open} holds (a later version's prediction may still come), oldest first: what a
     * restarted trainer needs; the others are left out of the stored state.
     */
    byte[] toBytes(Predicate<Map<String, Double>> open) {
        List<Map.Entry<String, Map<String, Double>>> kept = new ArrayList<>();
        samples.entrySet().stream().filter(e -> open.test(e.getValue())).forEach(kept::add);
        StateWriter out = new StateWriter("recently scored samples", 16 + kept.size() * 64);
        out.writeByte(FORMAT);
        out.writeInt(kept.size());
        for (var entry : kept) {
            out.writeBlock(new LastScored(entry.getKey(), entry.getValue()).toBytes());
        }
        return out.toByteArray();
    }

    static RecentlyScored fromBytes(byte[] data) {
        return StateReader.read(data, "recently scored samples", in -> {
            if (in.readByte() != FORMAT) {
                throw in.corrupt("unknown format");
            }
            RecentlyScored recent = new RecentlyScored();
            int n = in.readCount("sample count", in.remaining());
            for (int i = 0; i < n; i++) {
                recent.put(LastScored.fromBytes(in.readBlock()));
            }
            return recent;
        });
    }

    /** The window as a store written before it kept more than one sample left it: that one sample. */
    static RecentlyScored of(LastScored last) {
        RecentlyScored recent = new RecentlyScored();
        recent.put(last);
        return recent;
    }

    private void put(LastScored last) {
        last.predictions().forEach((version, prediction) -> add(last.sampleId(), version, prediction));
    }
}
