package io.ontobridge.models.zoo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NetsTest {
    @Test
    void upsampleRepeatsEachPixelAndPixelShuffleInterleavesChannels() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            NDArray up = Nets.upsample2(x);
            assertEquals(new Shape(1, 1, 4, 4), up.getShape());
            assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, up.toFloatArray());
            // 4 channels of 1x1 -> one 2x2 image: channel k lands at (k / 2, k % 2).
            NDArray shuffled = Nets.pixelShuffle(m.create(new float[] {1, 2, 3, 4}, new Shape(1, 4, 1, 1)), 2);
            assertEquals(new Shape(1, 1, 2, 2), shuffled.getShape());
            assertArrayEquals(new float[] {1, 2, 3, 4}, shuffled.toFloatArray());
        }
    }
}
