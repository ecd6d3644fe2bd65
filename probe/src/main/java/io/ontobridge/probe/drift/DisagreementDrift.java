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
 * <p>Lifecycle: a rise (the newer part of the window at its strongest cut flags more) raises the drift, with the
 * rates before and after. It holds while the figures' status stays the one it was at the rise, until the held-out
 * window has turned over since: by then the held-out figures (and the threshold) are computed wholly on samples
 * after the change, and their status says what is left of the concept. A further rise raises it afresh; a fall is
 * counted and clears nothing (a drop in disagreements needs no one's attention).
 */
public final class DisagreementDrift {
    private static final byte FORMAT = 1;

    private final Adwin adwin;
    private Drift drift;
    private long rises;
    private long falls;

    /**
     * A drift that holds: the flagged shares before and after the cut, the judged samples in the window when it
     * was found and how many of them after the cut, the probe's samples seen then, and the figures' status and
     * held-out samples seen then (what clears it).
     */
    public record Drift(double rateBefore, double rateAfter, long window, long samplesAfter, long detectedAtSample,
                        ProbeStatus figures, long heldOutSeen) {
    }

    /** A change of the flagged share found with a sample: which way, and where ADWIN cut its window. */
    public record Change(boolean rising, Adwin.Cut cut) {
    }

    public DisagreementDrift() {
        this(new Adwin());
    }

    DisagreementDrift(Adwin adwin) {
        this.adwin = adwin;
    }

    /**
     * Takes in one judged sample: whether the monitor flags it. A rise found with it raises the drift.
     *
     * @param samplesSeen the probe's samples seen
     * @param figures     the status the probe's figures give
     * @param heldOutSeen the probe's held-out samples seen
     * @return the change found with this sample, or null
     */
    public Change observe(boolean flagged, long samplesSeen, ProbeStatus figures, long heldOutSeen) {
        if (!adwin.update(flagged ? 1 : 0)) {
            return null;
        }
        Adwin.Cut cut = adwin.lastCut();
        if (cut.rising()) {
            rises++;
            drift = new Drift(cut.olderMean(), cut.newerMean(), cut.olderWidth() + cut.newerWidth(), cut.newerWidth(),
                    samplesSeen, figures, heldOutSeen);
        } else {
            falls++;
        }
        return new Change(cut.rising(), cut);
    }

    /**
     * Clears the drift once the figures' status is another than at the rise or {@code heldOutWindow} held-out
     * samples have come since.
     *
     * @return whether it cleared the drift now (the state changed)
     */
    public boolean settle(ProbeStatus figures, long heldOutSeen, int heldOutWindow) {
        if (drift != null && (figures != drift.figures() || heldOutSeen - drift.heldOutSeen() >= heldOutWindow)) {
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

    public long falls() {
        return falls;
    }

    /** Format 1: the format byte, ADWIN's state, the counts of rises and falls, then the drift if one holds. */
    public byte[] toBytes() {
        StateWriter out = new StateWriter("disagreement drift", 512);
        out.writeByte(FORMAT);
        adwin.write(out);
        out.writeLong(rises).writeLong(falls).writeBoolean(drift != null);
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
            watch.falls = in.readLong();
            if (in.readBoolean()) {
                watch.drift = new Drift(in.readDouble(), in.readDouble(), in.readLong(), in.readLong(), in.readLong(),
                        ProbeStatus.fromWire(in.readUtf()), in.readLong());
            }
            return watch;
        });
    }
}
