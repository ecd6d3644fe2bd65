package io.ontobridge.probe.state;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateCodecTest {

    /** Everything the writer has, once. */
    private static byte[] sample() {
        return new StateWriter("sample", 0)
                .writeByte(-3).writeBoolean(true).writeInt(-123456789).writeLong(Long.MIN_VALUE + 7)
                .writeFloat(Float.MIN_VALUE).writeDouble(-Math.PI).writeUtf("h\u00e9llo \u4e2d\u0000")
                .writeFloats(new float[]{1.5f, Float.NaN, -0f, 9f}, 3).writeDoubles(new double[]{1e-300, -2})
                .writeOptionalDouble(null).writeOptionalDouble(0.25).writeOptionalUtf(null).writeOptionalUtf("x")
                .writeBlock(new byte[]{9, 8}).writeOptionalBlock(null).writeOptionalBlock(new byte[0])
                .toByteArray();
    }

    @Test
    void writesWhatDataOutputStreamWritesAndReadsItBack() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(-3);
            out.writeBoolean(true);
            out.writeInt(-123456789);
            out.writeLong(Long.MIN_VALUE + 7);
            out.writeFloat(Float.MIN_VALUE);
            out.writeDouble(-Math.PI);
            out.writeUTF("h\u00e9llo \u4e2d\u0000");
            for (float f : new float[]{1.5f, Float.NaN, -0f}) {
                out.writeFloat(f);
            }
            out.writeDouble(1e-300);
            out.writeDouble(-2);
            out.writeBoolean(false);
            out.writeBoolean(true);
            out.writeDouble(0.25);
            out.writeBoolean(false);
            out.writeBoolean(true);
            out.writeUTF("x");
            out.writeInt(2);
            out.write(new byte[]{9, 8});
            out.writeInt(-1);
            out.writeInt(0);
        }
        byte[] written = sample();
        assertArrayEquals(bytes.toByteArray(), written, "byte for byte DataOutputStream's layout");

        String back = StateReader.read(written, "sample", in -> {
            assertEquals(-3, in.readByte());
            assertTrue(in.readBoolean());
            assertEquals(-123456789, in.readInt());
            assertEquals(Long.MIN_VALUE + 7, in.readLong());
            assertEquals(Float.MIN_VALUE, in.readFloat());
            assertEquals(-Math.PI, in.readDouble());
            String text = in.readUtf();
            float[] floats = new float[4];
            in.readFloats(floats, 3);
            assertArrayEquals(new float[]{1.5f, Float.NaN, -0f, 0f}, floats);
            assertArrayEquals(new double[]{1e-300, -2}, in.readDoubles(2));
            assertNull(in.readOptionalDouble());
            assertEquals(0.25, in.readOptionalDouble());
            assertNull(in.readOptionalUtf());
            assertEquals("x", in.readOptionalUtf());
            assertArrayEquals(new byte[]{9, 8}, in.readBlock());
            assertNull(in.readOptionalBlock());
            assertArrayEquals(new byte[0], in.readOptionalBlock());
            assertEquals(0, in.remaining());
            return text;
        });
        assertEquals("h\u00e9llo \u4e2d\u0000", back);
    }

    @Test
    void truncatedTrailingAndCorruptBytesAreIllegalArgumentsNamingTheStructure() {
        byte[] good = new StateWriter("thing", 0).writeInt(3).writeFloats(new float[]{1, 2, 3}).toByteArray();
        java.util.function.Function<StateReader, float[]> body = in -> in.readFloats(in.readInt());
        assertArrayEquals(new float[]{1, 2, 3}, StateReader.read(good, "thing", body));

        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> StateReader.read(Arrays.copyOf(good, good.length - 1), "thing", body));
        assertTrue(truncated.getMessage().startsWith("truncated thing state"), truncated.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> StateReader.read(new byte[0], "thing", body));
        assertTrue(empty.getMessage().startsWith("truncated thing state"), empty.getMessage());

        IllegalArgumentException trailing = assertThrows(IllegalArgumentException.class,
                () -> StateReader.read(Arrays.copyOf(good, good.length + 1), "thing", body));
        assertTrue(trailing.getMessage().startsWith("trailing bytes in thing state"), trailing.getMessage());

        // A corrupt count neither allocates nor reads past the end.
        byte[] huge = new StateWriter("thing", 0).writeInt(Integer.MAX_VALUE).toByteArray();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StateReader.read(huge, "thing", body))
                .getMessage().startsWith("truncated thing state"));
        byte[] negative = new StateWriter("thing", 0).writeInt(-5).toByteArray();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StateReader.read(negative, "thing", body))
                .getMessage().startsWith("corrupt thing state"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> StateReader.read(negative, "thing", StateReader::readBlock)).getMessage().contains("thing"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> StateReader.read(negative, "thing", in -> in.readCount("group count", 10)))
                .getMessage().equals("corrupt thing state: group count -5"));

        // Whatever else a reader trips over on corrupt bytes is reported the same way.
        IllegalArgumentException tripped = assertThrows(IllegalArgumentException.class,
                () -> StateReader.read(good, "thing", in -> new int[in.readInt() - 10]));
        assertTrue(tripped.getMessage().startsWith("corrupt thing state"), tripped.getMessage());
        assertTrue(tripped.getCause() instanceof NegativeArraySizeException);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> StateReader.read(null, "thing", body))
                .getMessage().contains("thing"));
    }

    @Test
    void aStringTooLongForTheFormatIsRefusedWhenWritten() {
        String tooLong = "x".repeat(65536);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StateWriter("thing", 0).writeUtf(tooLong));
        assertTrue(e.getMessage().contains("thing"), e.getMessage());
        assertEquals(65535 + 2, new StateWriter("thing", 0).writeUtf("x".repeat(65535)).size());
    }
}
