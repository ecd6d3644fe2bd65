package io.ontobridge.probe.drift;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * ADWIN, adaptive windowing (Bifet and Gavaldà, "Learning from time-changing data with adaptive windowing", SIAM
 * SDM 2007), in its ADWIN2 form, the window kept as an exponential histogram, as River's {@code river.drift.ADWIN}
 * runs it: the same defaults (delta 0.002, a check every 32 values, 5 buckets of each size, sub-windows of at least
 * 5 values, no check before 10 values), the same cut test and the same reset: the update after a detected change
 * starts an empty window. On River's own regression streams it finds changes at the indices River's tests record.
 *
 * <p>The window is a list of rows; row {@code i} holds up to {@code maxBuckets} buckets of {@code 2^i} values each
 * (their sum and their sum of squared deviations), oldest first. Every {@code clock} values each cut between buckets
 * splits the window into an older part W0 and a newer part W1; when their means differ by more than
 * {@code sqrt(2 m s^2 d) + 2/3 m d} (m = 1/(n0 - l + 1) + 1/(n1 - l + 1), l the least sub-window, s^2 the window's
 * variance, d = ln(2 ln(n) / delta)), a change is detected and the oldest bucket dropped, until no cut holds. The
 * probability that a window with no change in its mean is ever cut is at most delta per check.
 *
 * <p>Its state (a few hundred bytes: about {@code maxBuckets * log2(width)} buckets) goes through {@link StateWriter}.
 */
public final class Adwin {
    public static final double DELTA = 0.002;
    public static final int CLOCK = 32;
    public static final int MAX_BUCKETS = 5;
    public static final int MIN_WINDOW_LENGTH = 5;
    public static final int GRACE_PERIOD = 10;
    private static final byte FORMAT = 1;

    private final double delta;
    private final int clock;
    private final int maxBuckets;
    private final int minWindowLength;
    private final int gracePeriod;
    /** rows.get(i): buckets of 2^i values each, oldest first; every new value enters row 0. */
    private final List<Row> rows = new ArrayList<>();
    private long width;
    private double total;
    /** The sum of squared deviations from the window's mean (River's {@code variance}). */
    private double squares;
    private long tick;
    private boolean changed;
    private long detections;
    private Cut lastCut;

    /** Where a detected change split the window: the older part's size and mean, the newer part's. */
    public record Cut(long olderWidth, double olderMean, long newerWidth, double newerMean) {
        /** Whether the newer part's mean is the higher: the rate rose. */
        public boolean rising() {
            return newerMean > olderMean;
        }
    }

    /** River's defaults. */
    public Adwin() {
        this(DELTA, CLOCK, MAX_BUCKETS, MIN_WINDOW_LENGTH, GRACE_PERIOD);
    }

    public Adwin(double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod) {
        if (!(delta > 0 && delta < 1) || clock < 1 || maxBuckets < 2 || minWindowLength < 1 || gracePeriod < 0) {
            throw new IllegalArgumentException("ADWIN needs 0 < delta < 1, clock >= 1, max buckets >= 2, a least "
                    + "sub-window >= 1 and a grace period >= 0; got " + delta + ", " + clock + ", " + maxBuckets + ", "
                    + minWindowLength + ", " + gracePeriod);
        }
        this.delta = delta;
        this.clock = clock;
        this.maxBuckets = maxBuckets;
        this.minWindowLength = minWindowLength;
        this.gracePeriod = gracePeriod;
    }

    /**
     * Takes in one value; true when a change is detected with it. As in River, the window is emptied on the next
     * update after a detection, so one change is reported once and the new window holds what came after it.
     */
    public boolean update(double value) {
        if (changed) {
            rows.clear();
            width = 0;
            total = 0;
            squares = 0;
            tick = 0;
        }
        insert(value);
        changed = detect();
        if (changed) {
            detections++;
        }
        return changed;
    }

    /** Whether the last update detected a change. */
    public boolean changed() {
        return changed;
    }

    /** Values in the window. */
    public long width() {
        return width;
    }

    /** The window's mean; 0 when empty. */
    public double mean() {
        return width == 0 ? 0 : total / width;
    }

    /** The window's variance (the population's: squared deviations over the width); 0 when empty. */
    public double variance() {
        return width == 0 ? 0 : squares / width;
    }

    /** Changes detected since this detector was made (River counts only since its last reset). */
    public long detections() {
        return detections;
    }

    /** The widest-apart cut of the window when the last change was detected (before it shrank), or null before any. */
    public Cut lastCut() {
        return lastCut;
    }

    private void insert(double value) {
        if (rows.isEmpty()) {
            rows.add(new Row(maxBuckets));
        }
        rows.get(0).add(value, 0);
        width++;
        if (width > 1) {
            double deviation = value - total / (width - 1);
            squares += (width - 1) * deviation * deviation / width;
        }
        total += value;
        compress();
    }

    /** A row over its capacity merges its two oldest buckets into one of the next row, and so on up. */
    private void compress() {
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.size <= maxBuckets) {
                return;
            }
            if (i + 1 == rows.size()) {
                rows.add(new Row(maxBuckets));
            }
            double n = bucketSize(i);
            double mean0 = row.totals[0] / n;
            double mean1 = row.totals[1] / n;
            rows.get(i + 1).add(row.totals[0] + row.totals[1],
                    row.squares[0] + row.squares[1] + n * 0.5 * (mean0 - mean1) * (mean0 - mean1));
            row.dropOldest(2);
        }
    }

    private boolean detect() {
        tick++;
        if (tick % clock != 0 || width <= gracePeriod) {
            return false;
        }
        boolean found = false;
        boolean cutAgain = true;
        while (cutAgain) {
            cutAgain = false;
            double n0 = 0;
            double n1 = width;
            double sum0 = 0;
            double sum1 = total;
            scan:
            for (int i = rows.size() - 1; i >= 0; i--) {
                Row row = rows.get(i);
                double n = bucketSize(i);
                for (int k = 0; k < row.size; k++) {
                    n0 += n;
                    n1 -= n;
                    sum0 += row.totals[k];
                    sum1 -= row.totals[k];
                    if (i == 0 && k == row.size - 1) {
                        break scan; // the newest bucket: nothing is left for W1
                    }
                    if (n0 >= minWindowLength && n1 >= minWindowLength && cutHolds(n0, n1, sum0 / n0 - sum1 / n1)) {
                        if (!found) {
                            lastCut = widestCut();
                        }
                        found = true;
                        cutAgain = true;
                        dropOldest();
                        break scan;
                    }
                }
            }
        }
        return found;
    }

    /** The cut test: the means of W0 and W1 differ by more than the bound allows. */
    private boolean cutHolds(double n0, double n1, double meanDifference) {
        return Math.abs(meanDifference) > epsilon(n0, n1);
    }

    private double epsilon(double n0, double n1) {
        double d = Math.log(2 * Math.log(width) / delta);
        double m = 1.0 / (n0 - minWindowLength + 1) + 1.0 / (n1 - minWindowLength + 1);
        return Math.sqrt(2 * m * (squares / width) * d) + 2.0 / 3.0 * d * m;
    }

    /**
     * Of the window's cuts that hold, the one whose means differ most: the rates before and after a change are
     * read there, not at the first cut that held (scanning from the oldest, that may lie well before the change),
     * nor at the cut most significant for its size (a long stretch that mixes old and new). Only for the report;
     * what is detected and dropped is River's.
     */
    private Cut widestCut() {
        double n0 = 0;
        double sum0 = 0;
        Cut best = null;
        double bestDifference = -1;
        for (int i = rows.size() - 1; i >= 0; i--) {
            Row row = rows.get(i);
            double n = bucketSize(i);
            for (int k = 0; k < row.size; k++) {
                n0 += n;
                sum0 += row.totals[k];
                double n1 = width - n0;
                if (n0 < minWindowLength || n1 < minWindowLength) {
                    continue;
                }
                double mean0 = sum0 / n0;
                double mean1 = (total - sum0) / n1;
                double difference = Math.abs(mean0 - mean1);
                if (difference > bestDifference && cutHolds(n0, n1, mean0 - mean1)) {
                    bestDifference = difference;
                    best = new Cut((long) n0, mean0, (long) n1, mean1);
                }
            }
        }
        return best;
    }

    /** Drops the oldest bucket, taking its values out of the window's width, sum and squared deviations. */
    private void dropOldest() {
        int last = rows.size() - 1;
        Row row = rows.get(last);
        double n = bucketSize(last);
        double sum = row.totals[0];
        double bucketMean = sum / n;
        double bucketSquares = row.squares[0];
        width -= (long) n;
        total -= sum;
        double windowMean = total / width;
        squares -= bucketSquares + n * width * (bucketMean - windowMean) * (bucketMean - windowMean) / (n + width);
        row.dropOldest(1);
        if (row.size == 0) {
            rows.remove(last);
        }
    }

    private static double bucketSize(int row) {
        return Math.scalb(1.0, row);
    }

    /** One row of the histogram: up to maxBuckets + 1 buckets (one over, until compressed), oldest first. */
    private static final class Row {
        final double[] totals;
        final double[] squares;
        int size;

        Row(int maxBuckets) {
            totals = new double[maxBuckets + 1];
            squares = new double[maxBuckets + 1];
        }

        void add(double sum, double squaredDeviations) {
            totals[size] = sum;
            squares[size] = squaredDeviations;
            size++;
        }

        void dropOldest(int count) {
            System.arraycopy(totals, count, totals, 0, size - count);
            System.arraycopy(squares, count, squares, 0, size - count);
            size -= count;
            java.util.Arrays.fill(totals, size, totals.length, 0);
            java.util.Arrays.fill(squares, size, squares.length, 0);
        }
    }

    /**
     * Format 1: the settings, the window's width, sum and squared deviations, the clock's tick, whether the last
     * update detected a change, the detections so far, the last cut, then each row's buckets.
     */
    public void write(StateWriter out) {
        out.writeByte(FORMAT);
        out.writeDouble(delta).writeInt(clock).writeInt(maxBuckets).writeInt(minWindowLength).writeInt(gracePeriod);
        out.writeLong(width).writeDouble(total).writeDouble(squares).writeLong(tick).writeBoolean(changed)
                .writeLong(detections);
        out.writeBoolean(lastCut != null);
        if (lastCut != null) {
            out.writeLong(lastCut.olderWidth()).writeDouble(lastCut.olderMean()).writeLong(lastCut.newerWidth())
                    .writeDouble(lastCut.newerMean());
        }
        out.writeInt(rows.size());
        for (Row row : rows) {
            out.writeInt(row.size).writeDoubles(row.totals, row.size).writeDoubles(row.squares, row.size);
        }
    }

    public static Adwin read(StateReader in) {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw in.corrupt("ADWIN state has format " + format + ", this reads " + FORMAT);
        }
        Adwin adwin = new Adwin(in.readDouble(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
        adwin.width = in.readLong();
        adwin.total = in.readDouble();
        adwin.squares = in.readDouble();
        adwin.tick = in.readLong();
        adwin.changed = in.readBoolean();
        adwin.detections = in.readLong();
        if (in.readBoolean()) {
            adwin.lastCut = new Cut(in.readLong(), in.readDouble(), in.readLong(), in.readDouble());
        }
        int rows = in.readCount("ADWIN rows", 64);
        for (int i = 0; i < rows; i++) {
            Row row = new Row(adwin.maxBuckets);
            row.size = in.readCount("buckets in an ADWIN row", adwin.maxBuckets + 1L);
            in.readDoubles(row.totals, row.size);
            in.readDoubles(row.squares, row.size);
            adwin.rows.add(row);
        }
        return adwin;
    }

    public byte[] toBytes() {
        StateWriter out = new StateWriter("ADWIN", 512);
        write(out);
        return out.toByteArray();
    }

    public static Adwin fromBytes(byte[] bytes) {
        return StateReader.read(bytes, "ADWIN", Adwin::read);
    }
}
