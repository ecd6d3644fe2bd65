package io.ontobridge.streams.monitor;

import io.ontobridge.schema.NearbyExample;
import io.ontobridge.schema.SampleInput;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(capacity);
            out.writeInt(next);
            out.writeInt(ring.size());
            for (Entry e : ring) {
                out.writeUTF(e.sampleId());
                writeNullable(out, e.input().getText());
                ByteBuffer image = e.input().getImage();
                out.writeInt(image == null ? -1 : image.remaining());
                if (image != null) {
                    byte[] raw = new byte[image.remaining()];
                    image.duplicate().get(raw);
                    out.write(raw);
                }
                out.writeDouble(e.featureValue());
                out.writeDouble(e.prediction());
                out.writeInt(e.activations().length);
                for (float v : e.activations()) {
                    out.writeFloat(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static AgreeingExamples fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                throw new IllegalStateException("agreeing examples have an unknown format");
            }
            AgreeingExamples examples = new AgreeingExamples(in.readInt());
            examples.next = in.readInt();
            int size = in.readInt();
            for (int i = 0; i < size; i++) {
                String id = in.readUTF();
                String text = in.readBoolean() ? in.readUTF() : null;
                int imageLength = in.readInt();
                ByteBuffer image = null;
                if (imageLength >= 0) {
                    byte[] raw = new byte[imageLength];
                    in.readFully(raw);
                    image = ByteBuffer.wrap(raw);
                }
                double feature = in.readDouble();
                double prediction = in.readDouble();
                float[] activations = new float[in.readInt()];
                for (int j = 0; j < activations.length; j++) {
                    activations[j] = in.readFloat();
                }
                examples.ring.add(new Entry(id, new SampleInput(text, image), feature, prediction, activations));
            }
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException("agreeing examples are corrupt", e);
        }
    }

    private static void writeNullable(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }
}
