package io.ontobridge.streams.monitor;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import io.ontobridge.schema.NearbyExample;
import io.ontobridge.schema.SampleInput;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The latest samples on which the probe and the source agree, kept to explain a disagreement by what
 * it is close to: the nearest of them (cosine distance in the target's activation space) go on the
 * disagreement record. A ring of {@code capacity} entries; its state round-trips through bytes.
 */
final class AgreeingExamples {
    private static final byte FORMAT = 1;

    private record Entry(String sampleId, SampleInput input, double featureValue, double prediction, float[] activations) {
    }

    private final int capacity;
    private final List<Entry> ring = new ArrayList<>();
    private int next;

    AgreeingExamples(int capacity) {
        this.capacity = capacity;
    }

    void add(String sampleId, SampleInput input, double featureValue, double prediction, float[] activations) {
        Entry entry = new Entry(sampleId, input, featureValue, prediction, activations.clone());
        if (ring.size() < capacity) {
            ring.add(entry);
        } else {
            ring.set(next, entry);
        }
        next = (next + 1) % capacity;
    }

    /** The {@code k} kept examples nearest to {@code activations}, nearest first. */
    List<NearbyExample> nearest(float[] activations, int k) {
        return ring.stream()
                .filter(e -> e.activations().length == activations.length)
                .map(e -> new NearbyExample(e.sampleId(), e.input(), e.featureValue(), e.prediction(),
                        cosineDistance(e.activations(), activations)))
                .sorted(Comparator.comparingDouble(NearbyExample::getDistance))
                .limit(k)
                .toList();
    }

    static double cosineDistance(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
    }

    /**
     * Format, capacity, next slot and the entries: id, text (optional), image (a block, -1 for none), the two values
     * and the activations (length and floats).
     */
    byte[] toBytes() {
        StateWriter out = new StateWriter("agreeing examples", 64 + ring.size() * 64);
        out.writeByte(FORMAT);
        out.writeInt(capacity);
        out.writeInt(next);
        out.writeInt(ring.size());
        for (Entry e : ring) {
            out.writeUtf(e.sampleId());
            out.writeOptionalUtf(e.input().getText());
            ByteBuffer image = e.input().getImage();
            byte[] raw = null;
            if (image != null) {
                raw = new byte[image.remaining()];
                image.duplicate().get(raw);
            }
            out.writeOptionalBlock(raw);
            out.writeDouble(e.featureValue());
            out.writeDouble(e.prediction());
            out.writeInt(e.activations().length);
            out.writeFloats(e.activations());
        }
        return out.toByteArray();
    }

    static AgreeingExamples fromBytes(byte[] bytes) {
        return StateReader.read(bytes, "agreeing examples", in -> {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("agreeing examples have an unknown format " + format);
            }
            int capacity = in.readInt();
            if (capacity < 1) {
                throw in.corrupt("capacity " + capacity);
            }
            AgreeingExamples examples = new AgreeingExamples(capacity);
            examples.next = in.readCount("next slot", capacity - 1);
            int size = in.readCount("size", capacity);
            for (int i = 0; i < size; i++) {
                String id = in.readUtf();
                String text = in.readOptionalUtf();
                byte[] raw = in.readOptionalBlock();
                ByteBuffer image = raw == null ? null : ByteBuffer.wrap(raw);
                double feature = in.readDouble();
                double prediction = in.readDouble();
                float[] activations = in.readFloats(in.readInt());
                examples.ring.add(new Entry(id, new SampleInput(text, image), feature, prediction, activations));
            }
            return examples;
        });
    }
}
