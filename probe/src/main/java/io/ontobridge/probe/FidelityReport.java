package io.ontobridge.probe;

import io.ontobridge.probe.metrics.FidelityWindow;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a concept probe's samples tell of its fidelity: the held-out windows (overall and per generator mode), the
 * prequential window (test-then-train on the learned samples), the ground-truth windows where samples carry the
 * factor, the running residual scale and the counts. A concept probe's metrics, updated between its prediction
 * of a sample and its learning of it.
 */
public final class FidelityReport {
    /** Weight of a new residual in the running mean square, once past the first 1/ALPHA samples. */
    private static final double ALPHA = 0.01;

    private final int window;
    private final FidelityWindow heldOut;
    /** Test-then-train: learned samples, each predicted before it was learned. */
    private final FidelityWindow prequential;
    private final Map<String, FidelityWindow> heldOutByMode = new TreeMap<>();
    /** Held-out (probe output, factor) and (source feature, factor) pairs. */
    private final FidelityWindow probeVsFactor;
    private final FidelityWindow sourceVsFactor;
    private long samplesSeen;
    private long heldOutSeen;
    private long residualsSeen;
    private double residualMeanSquare;

    FidelityReport(int window) {
        this.window = window;
        this.heldOut = new FidelityWindow(window);
        this.prequential = new FidelityWindow(window);
        this.probeVsFactor = new FidelityWindow(window);
        this.sourceVsFactor = new FidelityWindow(window);
    }

    /**
     * A held-out sample: the prediction against {@code truth} (the feature value, or its label), overall and in
     * its mode's window ("" for none), and against the ground-truth factor when the sample carries it.
     */
    void heldOut(double prediction, double truth, String mode, double featureValue, Double factorValue) {
        samplesSeen++;
        heldOutSeen++;
        heldOut.add(prediction, truth);
        if (!mode.isEmpty()) {
            heldOutByMode.computeIfAbsent(mode, m -> new FidelityWindow(window)).add(prediction, truth);
        }
        if (factorValue != null) {
            probeVsFactor.add(prediction, factorValue);
            sourceVsFactor.add(featureValue, factorValue);
        }
    }

    /**
     * A sample drawn near a disagreement on purpose: only its mode's window. It would bias the overall held-out
     * window (the status and the threshold) towards the very region the monitor is to find.
     */
    void drawnNearDisagreement(double prediction, double truth, String mode) {
        samplesSeen++;
        heldOutByMode.computeIfAbsent(mode, m -> new FidelityWindow(window)).add(prediction, truth);
    }

    /** A learned sample, predicted before it was learned: the prequential window and the residual scale. */
    void learned(double prediction, double truth, double featureValue) {
        samplesSeen++;
        prequential.add(prediction, truth);
        double residual = prediction - featureValue;
        residualsSeen++;
        double weight = Math.max(1.0 / residualsSeen, ALPHA);
        residualMeanSquare += weight * (residual * residual - residualMeanSquare);
    }

    /** The typical size of a residual (running RMS over learned samples); 0 while unknown. */
    public double residualScale() {
        return residualsSeen == 0 ? 0 : Math.sqrt(residualMeanSquare);
    }

    public FidelityWindow heldOut() {
        return heldOut;
    }

    public FidelityWindow prequential() {
        return prequential;
    }

    /** Held-out pairs by generator mode (sorted; read-only). */
    public Map<String, FidelityWindow> heldOutByMode() {
        return Collections.unmodifiableMap(heldOutByMode);
    }

    /** Held-out (probe output, ground-truth factor) pairs. */
    public FidelityWindow probeVsFactor() {
        return probeVsFactor;
    }

    /** Held-out (source feature, ground-truth factor) pairs. */
    public FidelityWindow sourceVsFactor() {
        return sourceVsFactor;
    }

    /** Samples taken in: held out or learned. */
    public long samplesSeen() {
        return samplesSeen;
    }

    public long heldOutSeen() {
        return heldOutSeen;
    }

    /** Learned samples: those in the prequential window and the residual scale. */
    public long residualsSeen() {
        return residualsSeen;
    }

    // The concept probe's state has these in three places (between them its baselines and its control task, as
    // the trainer's tracked-probe state has always laid them out), so they are written and read in three parts.

    /** The held-out and prequential windows, then the count of mode windows and each (name, window). */
    void writeWindows(StateWriter out) {
        heldOut.write(out);
        prequential.write(out);
        out.writeInt(heldOutByMode.size());
        for (var entry : heldOutByMode.entrySet()) {
            out.writeUtf(entry.getKey());
            entry.getValue().write(out);
        }
    }

    void readWindows(StateReader in) {
        heldOut.copyFrom(FidelityWindow.read(in));
        prequential.copyFrom(FidelityWindow.read(in));
        int modes = in.readCount("window count", in.remaining());
        for (int i = 0; i < modes; i++) {
            heldOutByMode.put(in.readUtf(), FidelityWindow.read(in));
        }
    }

    /** The (probe, factor) and (source, factor) windows. */
    void writeFactorWindows(StateWriter out) {
        probeVsFactor.write(out);
        sourceVsFactor.write(out);
    }

    void readFactorWindows(StateReader in) {
        probeVsFactor.copyFrom(FidelityWindow.read(in));
        sourceVsFactor.copyFrom(FidelityWindow.read(in));
    }

    /** Samples seen, held out, learned, and the residuals' running mean square. */
    void writeCounts(StateWriter out) {
        out.writeLong(samplesSeen);
        out.writeLong(heldOutSeen);
        out.writeLong(residualsSeen);
        out.writeDouble(residualMeanSquare);
    }

    void readCounts(StateReader in) {
        samplesSeen = in.readLong();
        heldOutSeen = in.readLong();
        residualsSeen = in.readLong();
        residualMeanSquare = in.readDouble();
    }
}
