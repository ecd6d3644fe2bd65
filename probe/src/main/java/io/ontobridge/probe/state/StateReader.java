package io.ontobridge.probe.state;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * Reads back what {@link StateWriter} wrote ({@link DataInputStream}'s big-endian layout), and is the one place
 * where bad state bytes become a clear {@link IllegalArgumentException} naming the structure: truncated bytes
 * ("truncated MlpProbe state"), bytes left over after the structure ("trailing bytes in MlpProbe state"), counts
 * that do not fit the bytes, and anything else a reader trips over on corrupt bytes ("corrupt MlpProbe state:
 * ..."). Arrays are never allocated beyond what the remaining bytes can hold, so corrupt bytes cannot ask for a
 * huge allocation. Not thread-safe.
 */
public final class StateReader {
    private final String structure;
    private final ByteArrayInputStream bytes;
    private final DataInputStream in;

    private StateReader(byte[] data, String structure) {
        this.structure = structure;
        this.bytes = new ByteArrayInputStream(data);
        this.in = new DataInputStream(bytes);
    }

    /**
     * Reads one structure from {@code data}, which it must fill exactly.
     *
     * @param structure what is read, for messages
     * @param body      reads the structure's fields in order
     * @throws IllegalArgumentException on null, truncated, corrupt or overlong bytes
     */
    public static <T> T read(byte[] data, String structure, Function<StateReader, T> body) {
        if (data == null) {
            throw new IllegalArgumentException(structure + " state must not be null");
        }
        StateReader reader = new StateReader(data, structure);
        T value;
        try {
            value = body.apply(reader);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt " + structure + " state: " + e, e);
        }
        reader.end();
        return value;
    }

    /** What is read, as the messages name it. */
    public String structure() {
        return structure;
    }

    public byte readByte() {
        try {
            return in.readByte();
        } catch (IOException e) {
            throw truncated(e);
        }
    }

    public boolean readBoolean() {
        try {
            return in.readBoolean();
        } catch (IOException e) {
            throw truncated(e);
        }
    }

    public int readInt() {
        try {
            return in.readInt();
        } catch (IOException e) {
            throw truncated(e);
        }
    }

    public long readLong() {
        try {
            return in.readLong();
        } catch (IOException e) {
            throw truncated(e);
        }
    }

    public float readFloat() {
        try {
            return in.readFloat();
        } catch (IOException e) {
            throw truncated(e);
        }
    }

    public double readDouble() {
        try {
            return in.readDouble();
        } catch (IOException e) {
            throw truncated(e);
        }
    }

    /** A string as {@link DataInputStream#readUTF}. */
    public String readUtf() {
        try {
            return in.readUTF();
        } catch (IOException e) {
            throw truncated(e); // also bad modified UTF-8: the bytes are not this structure's
        }
    }

    /** Reads {@code count} floats into the start of {@code into}. */
    public void readFloats(float[] into, int count) {
        ByteBuffer.wrap(readRaw(count, Float.BYTES)).asFloatBuffer().get(into, 0, count);
    }

    public float[] readFloats(int count) {
        float[] values = new float[checkedCount(count, Float.BYTES)];
        readFloats(values, count);
        return values;
    }

    /** Reads {@code count} doubles into the start of {@code into}. */
    public void readDoubles(double[] into, int count) {
        ByteBuffer.wrap(readRaw(count, Double.BYTES)).asDoubleBuffer().get(into, 0, count);
    }

    public double[] readDoubles(int count) {
        double[] values = new double[checkedCount(count, Double.BYTES)];
        readDoubles(values, count);
        return values;
    }

    /** What {@link StateWriter#writeOptionalDouble} wrote: the value or null. */
    public Double readOptionalDouble() {
        return readBoolean() ? readDouble() : null;
    }

    /** What {@link StateWriter#writeOptionalUtf} wrote: the string or null. */
    public String readOptionalUtf() {
        return readBoolean() ? readUtf() : null;
    }

    /** What {@link StateWriter#writeBlock} wrote. */
    public byte[] readBlock() {
        int length = readInt();
        if (length < 0) {
            throw corrupt("negative block length " + length);
        }
        return readRaw(length, 1);
    }

    /** What {@link StateWriter#writeOptionalBlock} wrote: the block or null. */
    public byte[] readOptionalBlock() {
        int length = readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0) {
            throw corrupt("negative block length " + length);
        }
        return readRaw(length, 1);
    }

    /** A count written as an int, which must lie in [0, max]; {@code what} names it in the message. */
    public int readCount(String what, long max) {
        int count = readInt();
        if (count < 0 || count > max) {
            throw corrupt(what + " " + count);
        }
        return count;
    }

    /** Bytes not read yet. */
    public int remaining() {
        return bytes.available();
    }

    /** An IllegalArgumentException naming the structure: "corrupt NAME state: DETAIL". */
    public IllegalArgumentException corrupt(String detail) {
        return new IllegalArgumentException("corrupt " + structure + " state: " + detail);
    }

    /** Fails unless every byte was read. */
    public void end() {
        if (remaining() != 0) {
            throw new IllegalArgumentException("trailing bytes in " + structure + " state: " + remaining());
        }
    }

    private byte[] readRaw(int count, int width) {
        byte[] raw = new byte[checkedCount(count, width) * width];
        try {
            in.readFully(raw);
        } catch (IOException e) {
            throw truncated(e);
        }
        return raw;
    }

    /** {@code count} itself when that many values of {@code width} bytes are left to read. */
    private int checkedCount(int count, int width) {
        if (count < 0) {
            throw corrupt("negative count " + count);
        }
        if ((long) count * width > remaining()) {
            throw new IllegalArgumentException("truncated " + structure + " state: " + count + " values of " + width
                    + " bytes wanted, " + remaining() + " bytes left");
        }
        return count;
    }

    private IllegalArgumentException truncated(IOException e) {
        return new IllegalArgumentException("truncated " + structure + " state", e);
    }
}
