package io.ontobridge.streams.trainer;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * A new target version's probe against the previous version's, on the samples both versions activated side by
 * side: how often the two probes call a sample differently, and how well their predictions correlate. Each
 * prediction is the probe's before it learned from the sample, as on the scores.
 *
 * <p>Two probes disagree on a sample when they put it on different sides of the concept's threshold: the
 * decision threshold for a binarized concept, else the mean of the source feature over the compared samples
 * (as it stands when the sample arrives).
 */
final class VersionComparison {
    private final String fromVersion;
    private long n;
    private long disagreements;
    private double featureSum;
    private double sumOld;
    private double sumNew;
    private double sumOldOld;
    private double sumNewNew;
    private double sumOldNew;

    VersionComparison(String fromVersion) {
        this.fromVersion = fromVersion;
    }

    /**
     * Adds one sample both probes scored.
     *
     * @param threshold the binarized concept's decision threshold on predictions, or NaN for the feature's mean
     */
    void add(double oldPrediction, double newPrediction, double featureValue, double threshold) {
        n++;
        featureSum += featureValue;
        double split = Double.isNaN(threshold) ? featureSum / n : threshold;
        if ((oldPrediction >= split) != (newPrediction >= split)) {
            disagreements++;
        }
        sumOld += oldPrediction;
        sumNew += newPrediction;
        sumOldOld += oldPrediction * oldPrediction;
        sumNewNew += newPrediction * newPrediction;
        sumOldNew += oldPrediction * newPrediction;
    }

    String fromVersion() {
        return fromVersion;
    }

    long samples() {
        return n;
    }

    double disagreementShare() {
        return n == 0 ? Double.NaN : (double) disagreements / n;
    }

    /** Pearson correlation of the two probes' predictions; NaN until both vary. */
    double predictionPearson() {
        double covariance = sumOldNew - sumOld * sumNew / n;
        double varOld = sumOldOld - sumOld * sumOld / n;
        double varNew = sumNewNew - sumNew * sumNew / n;
        return varOld <= 0 || varNew <= 0 ? Double.NaN : covariance / Math.sqrt(varOld * varNew);
    }

    /** The version compared with, the counts, then the sums. */
    byte[] toBytes() {
        return new StateWriter("version comparison", 96)
                .writeUtf(fromVersion)
                .writeLong(n)
                .writeLong(disagreements)
                .writeDoubles(new double[]{featureSum, sumOld, sumNew, sumOldOld, sumNewNew, sumOldNew})
                .toByteArray();
    }

    static VersionComparison fromBytes(byte[] data) {
        return StateReader.read(data, "version comparison", in -> {
            VersionComparison c = new VersionComparison(in.readUtf());
            c.n = in.readLong();
            c.disagreements = in.readLong();
            c.featureSum = in.readDouble();
            c.sumOld = in.readDouble();
            c.sumNew = in.readDouble();
            c.sumOldOld = in.readDouble();
            c.sumNewNew = in.readDouble();
            c.sumOldNew = in.readDouble();
            return c;
        });
    }
}
