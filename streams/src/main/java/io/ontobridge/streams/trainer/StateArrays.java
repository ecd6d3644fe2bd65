package io.ontobridge.streams.trainer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Bulk reads and writes of number arrays in probe state, byte for byte what {@link DataOutput#writeFloat} and
 * {@link DataOutput#writeDouble} would write one value at a time (big-endian), but as one array copy: the
 * trainer saves each probe's whole state after every sample, so this is on its hottest path.
 */
final class StateArrays {
    private StateArrays() {
    }

    static void writeFloats(DataOutput out, float[] values, int count) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(count * Float.BYTES);
        bytes.asFloatBuffer().put(values, 0, count);
        out.write(bytes.array());
    }

    static void readFloats(DataInput in, float[] into, int count) throws IOException {
        byte[] bytes = new byte[count * Float.BYTES];
        in.readFully(bytes);
        ByteBuffer.wrap(bytes).asFloatBuffer().get(into, 0, count);
    }

    static void writeDoubles(DataOutput out, double[] values, int count) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(count * Double.BYTES);
        bytes.asDoubleBuffer().put(values, 0, count);
        out.write(bytes.array());
    }

    static void readDoubles(DataInput in, double[] into, int count) throws IOException {
        byte[] bytes = new byte[count * Double.BYTES];
        in.readFully(bytes);
        ByteBuffer.wrap(bytes).asDoubleBuffer().get(into, 0, count);
    }
}
