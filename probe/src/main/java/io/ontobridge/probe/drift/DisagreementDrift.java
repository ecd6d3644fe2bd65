package io.ontobridge.probe.drift;

import io.ontobridge.probe.ProbeStatus;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * One probe's disagreement rate watched for change: {@link Adwin} on the 0/1 stream "the monitor would flag this
 * score", and the {@link ProbeStatus#CONCEPT_DRIFT} status a rise raises.
 *
 * <p>Why a rise shows a change before the figures do: the threshold is a quantile of the latest held-out residuals,
 * so on a steady stream the monitor flags about {@code 1 - q} of the scores whatever the probe's fit. When the
 * target stops carrying the concept on part of the inputs, the residuals there outgrow a threshold calibrated
 * before the change, and the flagged share jumps at once; the held-out Pearson sinks only as the window of held-out
 * pairs fills with new ones.
 *
 * <p>The same quantile makes the stream noisier than a coin: at q 0.99 over 200 held-out residuals the threshold is
 * their second largest, and a steady probe is flagged on anywhere from almost none to 4% of its scores for a while;
 * ADWIN rightly finds those swings. Two rules keep them from raising the status:
 * <ul>
 *   <li>the watch starts at the second held-out window ({@code 2 * heldOutWindow} held-out samples): before, the
 *   threshold still holds the large residuals of the probe's first steps, flags almost nothing, and the return to
 *   its calibrated share would read as a rise;</li>
 *   <li>a rise is raised only when the newer part's share exceeds the older part's, or the calibrated share
 *   {@code 1 - q} when that is higher, by at least {@value #MIN_NEW_SHARE}: one judged sample in twenty newly
 *   flagged. A smaller rise is a {@link Kind#MINOR_RISE}, counted only. Measured (docs/benchmarks.md, "The drift
 *   watch"): no steady stream raised, while targets that stopped carrying the concept on 6% to 25% of the inputs
 *   were raised on 16 to 18 streams in 20.</li>
 * </ul>
 *
 * <p>Lifecycle: a rise raises the drift, with the rates before and after. It holds while the figures' status stays
 * the one it was at the rise, until the held-out window has turned over since: by then the held-out figures (and
 * the threshold) are computed wholly on samples after the change, and their status says what is left of the
 * concept. A further rise raises it afresh; a fall is counted and clears nothing (a drop in disagreements needs no
 * one's attention).
 */
public final class DisagreementDrift {
    private static final byte FORMAT = 1;
    /** The least rise in the flagged share, over the older part's and the calibrated share, that is raised. */
    public static final double MIN_NEW_SHARE = 0.05;

    private final Adwin adwin;
    private Drift drift;
    private long rises;
    private long minorRises;
    private long falls;

    /**
     * A drift that holds: the flagged shares before and after the cut, the judged samples in the window when it
     * was found and how many of them after the cut, the probe's samples seen then, and the figures' status and
     * held-out samples seen then (what clears it).
     */
    public record Drift(double rateBefore, double rateAfter, long window, long samplesAfter, long detectedAtSample,
                        ProbeStatus figures, long heldOutSeen) {
    }

    /** What the spec gives the watch; not part of its state. */
    public record Settings(int heldOutWindow, double calibratedShare) {
        /**
         * @param heldOutWindow   held-out samples the figures and the threshold are computed on
         * @param calibratedShare the share of scores the threshold flags by construction: 1 - q for a quantile of
         *                        held-out residuals; 0 for a binarized concept's decision boundary
         */
        public Settings {
            if (heldOutWindow < 1 || !(calibratedShare >= 0 && calibratedShare < 1)) {
                throw new IllegalArgumentException("a held-out window >= 1 and a calibrated share in [0, 1) needed, got "
                        + heldOutWindow + " and " + calibratedShare);
            }
        }
    }

    /** Which way the flagged share changed: a rise that raises the drift, a smaller one, or a fall. */
    public enum Kind { RISE, MINOR_RISE, FALL }

    /** A change of the flagged share found with a sample: which way, and where ADWIN cut its window. */
    public record Change(Kind kind, Adwin.Cut cut) {
    }

    public DisagreementDrift() {
        this(new Adwin());
    }

    DisagreementDrift(Adwin adwin) {
        this.adwin = adwin;
    }

    /**
     * Takes in one judged sample: whether the monitor flags it. A rise found with it raises the drift. Samples
     * before the second held-out window are not taken in.
     *
     * @param samplesSeen the probe's samples seen
     * @param figures     the status the probe's figures give
     * @param heldOutSeen the probe's held-out samples seen
     * @return the change found with this sample, or null
     */
    public Change observe(boolean flagged, long samplesSeen, ProbeStatus figures, long heldOutSeen, Settings settings) {
        if (!watching(heldOutSeen, settings) || !adwin.update(flagged ? 1 : 0)) {
            return null;
        }
        Adwin.Cut cut = adwin.lastCut();
        Kind kind;
        if (!cut.rising()) {
            kind = Kind.FALL;
            falls++;
        } else if (cut.newerMean() - Math.max(cut.olderMean(), settings.calibratedShare()) >= MIN_NEW_SHARE) {
            kind = Kind.RISE;
            rises++;
            drift = new Drift(cut.olderMean(), cut.newerMean(), cut.olderWidth() + cut.newerWidth(), cut.newerWidth(),
                    samplesSeen, figures, heldOutSeen);
        } else {
            kind = Kind.MINOR_RISE;
            minorRises++;
        }
        return new Change(kind, cut);
    }

    /** Whether samples are taken in: from the second held-out window on. */
    public boolean watching(long heldOutSeen, Settings settings) {
        return heldOutSeen >= 2L * settings.heldOutWindow();
    }

    /**
     * Clears the drift once the figures' status is another than at the rise or a held-out window of samples has
     * come since.
     *
     * @return whether it cleared the drift now (the state changed)
     */
    public boolean settle(ProbeStatus figures, long heldOutSeen, Settings settings) {
        if (drift != null && (figures != drift.figures()
                || heldOutSeen - drift.heldOutSeen() >= settings.heldOutWindow())) {
            drift = null;
            return true;
        }
        return false;
    }

    /** The drift that holds, or null. */
    public Drift drift() {
        return drift;
    }

    /** The flagged share in ADWIN's window (since the last change found). */
    public double rate() {
        return adwin.mean();
    }

    /** Judged samples in ADWIN's window. */
    public long width() {
        return adwin.width();
    }

    public long rises() {
        return rises;
    }

    public long minorRises() {
        return minorRises;
    }

    public long falls() {
        return falls;
    }

    /** Format 1: the format byte, ADWIN's state, the counts of rises, minor rises and falls, then the drift if any. */
    public byte[] toBytes() {
        StateWriter out = new StateWriter("disagreement drift", 512);
        out.writeByte(FORMAT);
        adwin.write(out);
        out.writeLong(rises).writeLong(minorRises).writeLong(falls).writeBoolean(drift != null);
        if (drift != null) {
            out.writeDouble(drift.rateBefore()).writeDouble(drift.rateAfter()).writeLong(drift.window())
                    .writeLong(drift.samplesAfter()).writeLong(drift.detectedAtSample())
                    .writeUtf(drift.figures().wireName()).writeLong(drift.heldOutSeen());
        }
        return out.toByteArray();
    }

    public static DisagreementDrift fromBytes(byte[] bytes) {
        return StateReader.read(bytes, "disagreement drift", in -> {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw in.corrupt("format " + format + ", this reads " + FORMAT);
            }
            DisagreementDrift watch = new DisagreementDrift(Adwin.read(in));
            watch.rises = in.readLong();
            watch.minorRises = in.readLong();
            watch.falls = in.readLong();
            if (in.readBoolean()) {
                watch.drift = new Drift(in.readDouble(), in.readDouble(), in.readLong(), in.readLong(), in.readLong(),
                        ProbeStatus.fromWire(in.readUtf()), in.readLong());
            }
            return watch;
        });
    }
}
