package io.ontobridge.schema;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Packs and unpacks {@link Float32Tensor}: activations travel as 4 little-endian bytes per value
 * (1.5 KB for 384 floats) instead of an Avro array of boxed floats.
 */
public final class Float32Tensors {
    private Float32Tensors() {
    }

    /** A one-dimensional tensor holding {@code values}. */
    public static Float32Tensor vector(float[] values) {
        return pack(values, List.of(values.length));
    }

    /** A {@code rows} x {@code columns} tensor holding {@code values} (row-major, rows * columns of them). */
    public static Float32Tensor matrix(float[] values, int rows, int columns) {
        if ((long) rows * columns != values.length) {
            throw new IllegalArgumentException(values.length + " values do not make a " + rows + " x " + columns
                    + " matrix");
        }
        return pack(values, List.of(rows, columns));
    }

    private static Float32Tensor pack(float[] values, List<Integer> shape) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return new Float32Tensor(shape, bytes);
    }

    /** The values of {@code tensor} in row-major order; fails if the byte count does not match the shape. */
    public static float[] values(Float32Tensor tensor) {
        long expected = 1;
        for (int dim : tensor.getShape()) {
            if (dim < 0) {
                throw new IllegalArgumentException("tensor shape " + tensor.getShape() + " has a negative dimension");
            }
            expected *= dim;
        }
        ByteBuffer data = tensor.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (data.remaining() != expected * Float.BYTES) {
            throw new IllegalArgumentException("tensor of shape " + tensor.getShape() + " needs " + expected * Float.BYTES
                    + " bytes of float32 data but carries " + data.remaining());
        }
        float[] values = new float[(int) expected];
        data.asFloatBuffer().get(values);
        return values;
    }
}
