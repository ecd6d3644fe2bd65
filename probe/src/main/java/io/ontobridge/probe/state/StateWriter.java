package io.ontobridge.probe.state;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;

/**
 * Writes a persisted structure's state: {@link DataOutputStream}'s big-endian layout (a value written here is
 * byte for byte what {@code DataOutputStream} writes), plus the compound pieces the states are made of: number
 * arrays, optional values and nested blocks. Every state the probes, the trainer and the monitor keep is written
 * with it, and read back with {@link StateReader}.
 *
 * <p>Float and double arrays go out as one array copy, not one value at a time: the trainer saves a probe's
 * whole state often, so this is on its hottest path. Not thread-safe.
 */
public final class StateWriter {
    private final String structure;
    private final ByteArrayOutputStream bytes;
    private final DataOutputStream out;

    /**
     * @param structure what is written, for messages ("MlpProbe", "tracked probe")
     * @param sizeHint  the expected size in bytes: a buffer of hundreds of kilobytes grown by doubling costs more
     *                  than writing it
     */
    public StateWriter(String structure, int sizeHint) {
        this.structure = structure;
        this.bytes = new ByteArrayOutputStream(Math.max(16, sizeHint));
        this.out = new DataOutputStream(bytes);
    }

    public StateWriter writeByte(int v) {
        try {
            out.writeByte(v);
        } catch (IOException e) {
            throw cannotHappen(e);
        }
        return this;
    }

    public StateWriter writeBoolean(boolean v) {
        try {
            out.writeBoolean(v);
        } catch (IOException e) {
            throw cannotHappen(e);
        }
        return this;
    }

    public StateWriter writeInt(int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw cannotHappen(e);
        }
        return this;
    }

    public StateWriter writeLong(long v) {
        try {
            out.writeLong(v);
        } catch (IOException e) {
            throw cannotHappen(e);
        }
        return this;
    }

    public StateWriter writeFloat(float v) {
        try {
            out.writeFloat(v);
        } catch (IOException e) {
            throw cannotHappen(e);
        }
        return this;
    }

    public StateWriter writeDouble(double v) {
        try {
            out.writeDouble(v);
        } catch (IOException e) {
            throw cannotHappen(e);
        }
        return this;
    }

    /**
     * A string as {@link DataOutputStream#writeUTF}: a two-byte length and modified UTF-8. IllegalArgumentException
     * when it encodes to more than 65535 bytes.
     */
    public StateWriter writeUtf(String v) {
        try {
            out.writeUTF(v);
        } catch (UTFDataFormatException e) {
            throw new IllegalArgumentException("a string in " + structure + " state is too long: " + e.getMessage(), e);
        } catch (IOException e) {
            throw cannotHappen(e);
        }
        return this;
    }

    /** The first {@code count} values, as {@code count} calls of {@link #writeFloat} would write them. */
    public StateWriter writeFloats(float[] values, int count) {
        ByteBuffer buffer = ByteBuffer.allocate(count * Float.BYTES);
        buffer.asFloatBuffer().put(values, 0, count);
        return writeRaw(buffer.array());
    }

    public StateWriter writeFloats(float[] values) {
        return writeFloats(values, values.length);
    }

    /** The first {@code count} values, as {@code count} calls of {@link #writeDouble} would write them. */
    public StateWriter writeDoubles(double[] values, int count) {
        ByteBuffer buffer = ByteBuffer.allocate(count * Double.BYTES);
        buffer.asDoubleBuffer().put(values, 0, count);
        return writeRaw(buffer.array());
    }

    public StateWriter writeDoubles(double[] values) {
        return writeDoubles(values, values.length);
    }

    /** A boolean (present or not), then the value if present. */
    public StateWriter writeOptionalDouble(Double v) {
        writeBoolean(v != null);
        return v == null ? this : writeDouble(v);
    }

    /** A boolean (present or not), then the string if present. */
    public StateWriter writeOptionalUtf(String v) {
        writeBoolean(v != null);
        return v == null ? this : writeUtf(v);
    }

    /** A nested block: its length as an int, then its bytes (another structure's whole state, say). */
    public StateWriter writeBlock(byte[] block) {
        writeInt(block.length);
        return writeRaw(block);
    }

    /** As {@link #writeBlock}, with length -1 for null. */
    public StateWriter writeOptionalBlock(byte[] block) {
        if (block == null) {
            return writeInt(-1);
        }
        return writeBlock(block);
    }

    /** Bytes as they are, no length. */
    public StateWriter writeRaw(byte[] raw) {
        try {
            out.write(raw);
        } catch (IOException e) {
            throw cannotHappen(e);
        }
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private IllegalStateException cannotHappen(IOException e) {
        return new IllegalStateException("writing " + structure + " state to memory failed", e); // a byte array
    }
}
