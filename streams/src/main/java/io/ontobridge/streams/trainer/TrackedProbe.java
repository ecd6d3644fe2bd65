package io.ontobridge.streams.trainer;

import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.HeldOutFidelity;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.ProbeSnapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One probe with what is known about it: which models it maps between, how many samples it has
 * seen, its typical residual, and its held-out fidelity window. Its whole state round-trips through
 * {@link #toBytes()}, which is what the trainer's state store (and so its changelog) holds.
 */
final class TrackedProbe {
    private static final byte FORMAT = 1;
    /** Weight of a new residual in the running mean square, once past the first 1/ALPHA samples. */
    private static final double ALPHA = 0.01;

    private final String concept;
    private final ModelRef source;
    private final ModelRef target;
    private final LinearProbe probe;
    private final FidelityWindow heldOutWindow;
    private long samplesSeen;
    private long heldOutSeen;
    private long residualsSeen;
    private double residualMeanSquare;

    private TrackedProbe(String concept, ModelRef source, ModelRef target, LinearProbe probe, FidelityWindow window) {
        this.concept = concept;
        this.source = source;
        this.target = target;
        this.probe = probe;
        this.heldOutWindow = window;
    }

    static TrackedProbe create(String concept, ModelRef source, ModelRef target, ProbeSettings settings, int window) {
        return new TrackedProbe(concept, source, target, LinearProbe.create(settings), new FidelityWindow(window));
    }

    int dimension() {
        return probe.dimension();
    }

    /** The probe's output for these activations, before it learns from them. */
    double predict(float[] activations) {
        return probe.predict(activations);
    }

    /** The typical size of a residual (running RMS over learned samples); 0 while unknown. */
    double residualScale() {
        return residualsSeen == 0 ? 0 : Math.sqrt(residualMeanSquare);
    }

    /**
     * Takes in one scored sample: a held-out one only enters the fidelity window; any other one
     * updates the residual scale and is learned from.
     */
    void update(float[] activations, double featureValue, double prediction, boolean heldOut) {
        samplesSeen++;
        if (heldOut) {
            heldOutSeen++;
            heldOutWindow.add(prediction, featureValue);
            return;
        }
        double residual = prediction - featureValue;
        residualsSeen++;
        double weight = Math.max(1.0 / residualsSeen, ALPHA);
        residualMeanSquare += weight * (residual * residual - residualMeanSquare);
        probe.learn(activations, featureValue);
    }

    long samplesSeen() {
        return samplesSeen;
    }

    long trainedOn() {
        return probe.samplesLearned();
    }

    long version() {
        return probe.steps();
    }

    ProbeSnapshot snapshot() {
        return ProbeSnapshot.newBuilder()
                .setConcept(concept)
                .setSource(source)
                .setTarget(target)
                .setKind("linear")
                .setVersion(probe.steps())
                .setSamplesSeen(samplesSeen)
                .setTrainedOn(probe.samplesLearned())
                .setHeldOut(new HeldOutFidelity(heldOutSeen, heldOutWindow.size(), heldOutWindow.pearson(), heldOutWindow.r2()))
                .setWeights(Float32Tensors.vector(probe.weightsInInputUnits()))
                .setBias(probe.biasInInputUnits())
                .setUpdatedAt(Instant.now())
                .build();
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(concept);
            writeModel(out, source);
            writeModel(out, target);
            byte[] probeBytes = probe.toBytes();
            out.writeInt(probeBytes.length);
            out.write(probeBytes);
            heldOutWindow.write(out);
            out.writeLong(samplesSeen);
            out.writeLong(heldOutSeen);
            out.writeLong(residualsSeen);
            out.writeDouble(residualMeanSquare);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TrackedProbe fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("probe state has format " + format + ", this trainer reads " + FORMAT);
            }
            String concept = in.readUTF();
            ModelRef source = readModel(in);
            ModelRef target = readModel(in);
            byte[] probeBytes = new byte[in.readInt()];
            in.readFully(probeBytes);
            TrackedProbe tracked = new TrackedProbe(concept, source, target, LinearProbe.fromBytes(probeBytes),
                    FidelityWindow.read(in));
            tracked.samplesSeen = in.readLong();
            tracked.heldOutSeen = in.readLong();
            tracked.residualsSeen = in.readLong();
            tracked.residualMeanSquare = in.readDouble();
            return tracked;
        } catch (IOException e) {
            throw new UncheckedIOException("probe state is corrupt", e);
        }
    }

    private static void writeModel(DataOutputStream out, ModelRef model) throws IOException {
        out.writeUTF(model.getName());
        out.writeUTF(model.getVersion());
        out.writeUTF(model.getSha256());
        out.writeUTF(model.getLayer());
    }

    private static ModelRef readModel(DataInputStream in) throws IOException {
        return new ModelRef(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
    }
}
