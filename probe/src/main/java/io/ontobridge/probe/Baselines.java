package io.ontobridge.probe;

import io.ontobridge.probe.learn.Probe;
import io.ontobridge.probe.metrics.FidelityWindow;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * A concept probe's baselines: the same probe fitted, sample by sample, on each control read-out that comes with
 * the samples (the raw input, a randomly initialized copy of the target), each with its held-out window. What the
 * target adds over them is the concept probe's lift: a concept that the input alone decodes as well is no finding
 * about the target.
 */
public final class Baselines {
    private final int window;
    private final Map<String, Probe> probes = new TreeMap<>();
    private final Map<String, FidelityWindow> heldOut = new TreeMap<>();

    Baselines(int window) {
        this.window = window;
    }

    /** A probe (made by {@code newProbe} for the read-out's size) for each read-out not seen before. */
    void add(Map<String, float[]> readOuts, IntFunction<Probe> newProbe) {
        readOuts.forEach((name, values) -> probes.computeIfAbsent(name, n -> {
            heldOut.put(n, new FidelityWindow(window));
            return newProbe.apply(values.length);
        }));
    }

    /** A held-out sample: each baseline's prediction against {@code truth}. */
    void heldOut(Map<String, float[]> readOuts, double truth) {
        readOuts.forEach((name, values) -> heldOut.get(name).add(probes.get(name).predict(values), truth));
    }

    /** Each baseline probe's prediction, by read-out name, before it learns the sample. */
    Map<String, Double> predict(Map<String, float[]> readOuts) {
        Map<String, Double> predictions = new TreeMap<>();
        readOuts.forEach((name, values) -> predictions.put(name, probes.get(name).predict(values)));
        return predictions;
    }

    void learn(Map<String, float[]> readOuts, double featureValue) {
        readOuts.forEach((name, values) -> probes.get(name).learn(values, featureValue));
    }

    public boolean isEmpty() {
        return probes.isEmpty();
    }

    /** The dimension a baseline's read-out must have once that baseline's probe exists, else -1. */
    public int dimension(String name) {
        Probe baseline = probes.get(name);
        return baseline == null ? -1 : baseline.dimension();
    }

    /** The best held-out R^2 among the baselines; NaN without any. */
    public double bestR2() {
        double best = Double.NaN;
        for (FidelityWindow w : heldOut.values()) {
            double r2 = w.r2();
            if (!Double.isNaN(r2) && (Double.isNaN(best) || r2 > best)) {
                best = r2;
            }
        }
        return best;
    }

    /** Each baseline's held-out pairs, by read-out name (sorted; read-only). */
    public Map<String, FidelityWindow> heldOutWindows() {
        return Collections.unmodifiableMap(heldOut);
    }

    /** The count, then per baseline (in name order) its name, its probe's state (a block) and its held-out window. */
    void write(StateWriter out) {
        out.writeInt(probes.size());
        for (var entry : probes.entrySet()) {
            out.writeUtf(entry.getKey());
            out.writeBlock(entry.getValue().toBytes());
            heldOut.get(entry.getKey()).write(out);
        }
    }

    static Baselines read(StateReader in, int window) {
        Baselines baselines = new Baselines(window);
        int count = in.readCount("baseline count", in.remaining());
        for (int i = 0; i < count; i++) {
            String name = in.readUtf();
            baselines.probes.put(name, Probe.fromBytes(in.readBlock()));
            baselines.heldOut.put(name, FidelityWindow.read(in));
        }
        return baselines;
    }
}
