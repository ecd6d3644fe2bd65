package io.ontobridge.probe.metrics;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * The latest held-out (prediction, feature value) pairs, and the fidelity figures on them: Pearson r
 * and R^2 = 1 - SSE/SST, and for a binarized concept (0/1 actuals) AUROC and calibration error. A window, not all
 * of history, so the figures describe the probe as it is now. The metric a concept probe updates between
 * predicting a sample and learning it (or, for a held-out sample, instead of learning it).
 */
public final class FidelityWindow {
    /** The largest window a state may hold, so corrupt bytes cannot ask for a huge allocation (specs allow 100 000). */
    public static final int MAX_CAPACITY = 1 << 22;
    private final double[] predictions;
    private final double[] actuals;
    private int size;
    private int next;
    /** The last quantile asked for and its value, until the window changes (every sample asks; few change it). */
    private double cachedQ = Double.NaN;
    private double cachedQuantile;
    /** Pearson r and R^2 as last computed, while {@code figuresValid}: a status check reads them per sample. */
    private boolean figuresValid;
    private double cachedPearson;
    private double cachedR2;
    /** The bootstrap intervals as last computed (with AUROC or not), until the window changes; null when not. */
    private Bootstrap.Intervals cachedIntervals;
    private boolean cachedWithAuroc;
    /** The resamples' sums, kept up to date by the pairs that changed; made when first asked for (not state). */
    private WindowBootstrap resamples;

    public FidelityWindow(int capacity) {
        predictions = new double[capacity];
        actuals = new double[capacity];
    }

    public void add(double prediction, double actual) {
        predictions[next] = prediction;
        actuals[next] = actual;
        next = (next + 1) % predictions.length;
        size = Math.min(size + 1, predictions.length);
        cachedQ = Double.NaN;
        figuresValid = false;
        cachedIntervals = null;
    }

    public int size() {
        return size;
    }

    /** Takes over another window's contents (same capacity). */
    public void copyFrom(FidelityWindow other) {
        System.arraycopy(other.predictions, 0, predictions, 0, Math.min(predictions.length, other.predictions.length));
        System.arraycopy(other.actuals, 0, actuals, 0, Math.min(actuals.length, other.actuals.length));
        size = Math.min(other.size, predictions.length);
        next = other.next % predictions.length;
        cachedQ = Double.NaN;
        figuresValid = false;
        cachedIntervals = null;
    }

    /** Pearson r over the window; NaN with fewer than 3 pairs or no spread. */
    public double pearson() {
        computeFigures();
        return cachedPearson;
    }

    /** Coefficient of determination of the predictions over the window; NaN with fewer than 3 pairs. */
    public double r2() {
        computeFigures();
        return cachedR2;
    }

    private void computeFigures() {
        if (!figuresValid) {
            cachedPearson = computePearson();
            cachedR2 = computeR2();
            figuresValid = true;
        }
    }

    private double computePearson() {
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

    private double computeR2() {
        if (size < 3) {
            return Double.NaN;
        }
        double meanA = mean(actuals);
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < size; i++) {
            double error = predictions[i] - actuals[i];
            double spread = actuals[i] - meanA;
            sse += error * error;
            sst += spread * spread;
        }
        return sst == 0 ? Double.NaN : 1 - sse / sst;
    }

    /**
     * Percentile-bootstrap 95% intervals of Pearson r and R^2 over the window, and of AUROC when {@code withAuroc}
     * (0/1 actuals): see {@link Bootstrap}. Costs a pass over {@link Bootstrap#RESAMPLES} resamples per pair added
     * since the last call (AUROC: per pair in the window), so it is for snapshots, not for every sample; kept until
     * the window changes.
     */
    public Bootstrap.Intervals bootstrap(boolean withAuroc) {
        if (cachedIntervals == null || cachedWithAuroc != withAuroc) {
            if (resamples == null) {
                resamples = new WindowBootstrap();
            }
            cachedIntervals = resamples.intervals(predictions, actuals, size, withAuroc);
            cachedWithAuroc = withAuroc;
        }
        return cachedIntervals;
    }

    /**
     * Fidelity of the bulk: the window with its {@code share} largest |residuals| set aside. Pearson r and R^2 of the
     * rest, and the share of the window's squared error the set-aside pairs hold (about 0.44 for 10% of Gaussian
     * residuals; more when the error sits in a minority of inputs). NaN figures with fewer than 3 pairs left.
     */
    public Bulk bulk(double share) {
        int aside = (int) Math.floor(share * size);
        if (size - aside < 3) {
            return new Bulk(Double.NaN, Double.NaN, Double.NaN);
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(Math.abs(predictions[b] - actuals[b]),
                Math.abs(predictions[a] - actuals[a])));
        double total = 0;
        double asideError = 0;
        FidelityWindow rest = new FidelityWindow(size - aside);
        for (int rank = 0; rank < size; rank++) {
            int i = order[rank];
            double error = (predictions[i] - actuals[i]) * (predictions[i] - actuals[i]);
            total += error;
            if (rank < aside) {
                asideError += error;
            } else {
                rest.add(predictions[i], actuals[i]);
            }
        }
        return new Bulk(rest.pearson(), rest.r2(), total == 0 ? Double.NaN : asideError / total);
    }

    /**
     * @param pearson         Pearson r without the set-aside pairs
     * @param r2              R^2 without them
     * @param asideErrorShare the share of the squared error that the set-aside pairs hold
     */
    public record Bulk(double pearson, double r2, double asideErrorShare) {
    }

    /** AUROC of the predictions against 0/1 actuals (binarized concepts); NaN unless both classes are present. */
    public double auroc() {
        return BinaryMetrics.auroc(java.util.Arrays.copyOf(predictions, size), labels());
    }

    /** Expected calibration error of predicted probabilities against 0/1 actuals; NaN while empty. */
    public double calibrationError() {
        return size == 0 ? Double.NaN : BinaryMetrics.expectedCalibrationError(java.util.Arrays.copyOf(predictions, size), labels());
    }

    private int[] labels() {
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = actuals[i] >= 0.5 ? 1 : 0;
        }
        return labels;
    }

    /**
     * The q quantile of |residual| of a normal distribution whose scale is read off the window's median |residual|
     * (median x z((1 + q) / 2) / z(0.75)). A region where the target means something else, a tenth of the samples
     * say, sits in the window's upper tail and sets its own "normal" there, so that the window's own quantile flags
     * only its extremes (2-12% of a planted region); the median hardly moves (docs/validation.md).
     */
    public double robustAbsResidualQuantile(double q) {
        return absResidualQuantile(0.5) * NormalQuantile.of((1 + q) / 2) / NormalQuantile.of(0.75);
    }

    /** The {@code q} quantile of |prediction - actual| over the window; 0 while it is empty. */
    public double absResidualQuantile(double q) {
        if (size == 0) {
            return 0;
        }
        if (q == cachedQ) {
            return cachedQuantile;
        }
        double[] residuals = new double[size];
        for (int i = 0; i < size; i++) {
            residuals[i] = Math.abs(predictions[i] - actuals[i]);
        }
        java.util.Arrays.sort(residuals);
        cachedQuantile = residuals[(int) Math.min(size - 1, Math.floor(q * size))];
        cachedQ = q;
        return cachedQuantile;
    }

    private double mean(double[] values) {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return sum / size;
    }

    /** Capacity, size, the next slot, then the pairs (prediction, actual) in slot order. */
    public void write(StateWriter out) {
        out.writeInt(predictions.length);
        out.writeInt(size);
        out.writeInt(next);
        double[] pairs = new double[2 * size];
        for (int i = 0; i < size; i++) {
            pairs[2 * i] = predictions[i];
            pairs[2 * i + 1] = actuals[i];
        }
        out.writeDoubles(pairs);
    }

    public static FidelityWindow read(StateReader in) {
        int capacity = in.readInt();
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw in.corrupt("fidelity window capacity " + capacity);
        }
        FidelityWindow window = new FidelityWindow(capacity);
        window.size = in.readInt();
        window.next = in.readInt();
        if (window.size < 0 || window.size > capacity || window.next < 0 || window.next >= capacity) {
            throw in.corrupt("fidelity window size " + window.size + ", next " + window.next);
        }
        double[] pairs = in.readDoubles(2 * window.size);
        for (int i = 0; i < window.size; i++) {
            window.predictions[i] = pairs[2 * i];
            window.actuals[i] = pairs[2 * i + 1];
        }
        return window;
    }
}
