package io.ontobridge.streams.trainer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The latest held-out (prediction, feature value) pairs, and the fidelity figures on them: Pearson r
 * and R^2 = 1 - SSE/SST. A window, not all of history, so the figures describe the probe as it is now.
 */
final class FidelityWindow {
    private final double[] predictions;
    private final double[] actuals;
    private int size;
    private int next;

    FidelityWindow(int capacity) {
        predictions = new double[capacity];
        actuals = new double[capacity];
    }

    void add(double prediction, double actual) {
        predictions[next] = prediction;
        actuals[next] = actual;
        next = (next + 1) % predictions.length;
        size = Math.min(size + 1, predictions.length);
    }

    int size() {
        return size;
    }

    /** Takes over another window's contents (same capacity). */
    void copyFrom(FidelityWindow other) {
        System.arraycopy(other.predictions, 0, predictions, 0, Math.min(predictions.length, other.predictions.length));
        System.arraycopy(other.actuals, 0, actuals, 0, Math.min(actuals.length, other.actuals.length));
        size = Math.min(other.size, predictions.length);
        next = other.next % predictions.length;
    }

    /** Pearson r over the window; NaN with fewer than 3 pairs or no spread. */
    double pearson() {
        if (size < 3) {
            return Double.NaN;
        }
        double meanP = mean(predictions);
        double meanA = mean(actuals);
        double cov = 0;
        double varP = 0;
        double varA = 0;
        for (int i = 0; i < size; i++) {
            double dp = predictions[i] - meanP;
            double da = actuals[i] - meanA;
            cov += dp * da;
            varP += dp * dp;
            varA += da * da;
        }
        return varP == 0 || varA == 0 ? Double.NaN : cov / Math.sqrt(varP * varA);
    }

    /** Coefficient of determination of the predictions over the window; NaN with fewer than 3 pairs. */
    double r2() {
        if (size < 3) {
            return Double.NaN;
        }
        double meanA = mean(actuals);
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < size; i++) {
            sse += Math.pow(predictions[i] - actuals[i], 2);
            sst += Math.pow(actuals[i] - meanA, 2);
        }
        return sst == 0 ? Double.NaN : 1 - sse / sst;
    }

    /** AUROC of the predictions against 0/1 actuals (binarized concepts); NaN unless both classes are present. */
    double auroc() {
        return BinaryMetrics.auroc(java.util.Arrays.copyOf(predictions, size), labels());
    }

    /** Expected calibration error of predicted probabilities against 0/1 actuals; NaN while empty. */
    double calibrationError() {
        return size == 0 ? Double.NaN : BinaryMetrics.expectedCalibrationError(java.util.Arrays.copyOf(predictions, size), labels());
    }

    private int[] labels() {
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = actuals[i] >= 0.5 ? 1 : 0;
        }
        return labels;
    }

    /** The {@code q} quantile of |prediction - actual| over the window; 0 while it is empty. */
    double absResidualQuantile(double q) {
        if (size == 0) {
            return 0;
        }
        double[] residuals = new double[size];
        for (int i = 0; i < size; i++) {
            residuals[i] = Math.abs(predictions[i] - actuals[i]);
        }
        java.util.Arrays.sort(residuals);
        return residuals[(int) Math.min(size - 1, Math.floor(q * size))];
    }

    private double mean(double[] values) {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return sum / size;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(predictions.length);
        out.writeInt(size);
        out.writeInt(next);
        for (int i = 0; i < size; i++) {
            out.writeDouble(predictions[i]);
            out.writeDouble(actuals[i]);
        }
    }

    static FidelityWindow read(DataInput in) throws IOException {
        FidelityWindow window = new FidelityWindow(in.readInt());
        window.size = in.readInt();
        window.next = in.readInt();
        for (int i = 0; i < window.size; i++) {
            window.predictions[i] = in.readDouble();
            window.actuals[i] = in.readDouble();
        }
        return window;
    }
}
