package io.ontobridge.models.lm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The block itself on random weights: causality, the residual stream's names and shapes, steering. */
@ExtendWith(OneTorchThread.class)
class TransformerTest {
    private static final int VOCAB = 20;
    private static final LmArchitecture ARCH = new LmArchitecture(2, 16, 4, 32, 12);
    private static NDManager manager;
    private static Transformer net;
    private static ParameterStore store;

    @BeforeAll
    static void build() {
        Engine.getEngine("PyTorch").setRandomSeed(5);
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        net = new Transformer(ARCH, VOCAB);
        net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, ARCH.context()));
        store = new ParameterStore(manager, false);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray ids(NDManager m, long[]... rows) {
        long[] flat = new long[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return m.create(flat, new Shape(rows.length, rows[0].length));
    }

    /** Values of positions [from, to) of a {@code [batch, tokens, d]} array, row 0. */
    private static float[] positions(NDArray a, int from, int to) {
        return a.get(new NDIndex("0, {}:{}", from, to)).toFloatArray();
    }

    @Test
    void theStreamHasOneNamedStatePerLayerOfTheModelWidth() {
        assertEquals(List.of("resid.0", "resid.1", "resid.2", "final"), net.layerNames());
        try (NDManager m = manager.newSubManager()) {
            Transformer.Trace trace = net.run(store, ids(m, new long[] {1, 5, 6, 7, 2}, new long[] {1, 8, 2, 0, 0}),
                    false, null, true);
            assertEquals(4, trace.stream().size());
            for (NDArray state : trace.stream()) {
                assertEquals(new Shape(2, 5, 16), state.getShape());
            }
            assertEquals(new Shape(2, 5, VOCAB), trace.logits().getShape());
            assertEquals(0, net.run(store, ids(m, new long[] {1, 5}), false, null, false).stream().size());
        }
    }

    @Test
    void changingALaterTokenNeverChangesAnEarlierPosition() {
        try (NDManager m = manager.newSubManager()) {
            Transformer.Trace a = net.run(store, ids(m, new long[] {1, 5, 6, 7, 8, 9, 2}), false, null, true);
            Transformer.Trace b = net.run(store, ids(m, new long[] {1, 5, 6, 7, 13, 14, 0}), false, null, true);
            for (int l = 0; l < a.stream().size(); l++) {
                assertArrayEquals(positions(a.stream().get(l), 0, 4), positions(b.stream().get(l), 0, 4), 1e-6f,
                        net.layerNames().get(l));
            }
            assertArrayEquals(positions(a.logits(), 0, 4), positions(b.logits(), 0, 4), 1e-6f);
            // ... while the changed position itself, and what follows, do change.
            assertFalse(java.util.Arrays.equals(positions(a.logits(), 4, 7), positions(b.logits(), 4, 7)));
        }
    }

    @Test
    void steeringWithZeroChangesNothingAndWithAVectorChangesWhatFollows() {
        float[] direction = new float[16];
        for (int i = 0; i < direction.length; i++) {
            direction[i] = (float) Math.sin(i + 1);
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray x = ids(m, new long[] {1, 5, 6, 7, 8, 2});
            Transformer.Trace plain = net.run(store, x, false, null, true);
            Transformer.Trace zero = net.run(store, x, false, Steering.at("resid.1", new float[16], 3.0), true);
            Transformer.Trace zeroStrength = net.run(store, x, false, Steering.at("resid.1", direction, 0), true);
            assertArrayEquals(plain.logits().toFloatArray(), zero.logits().toFloatArray(), 0f);
            assertArrayEquals(plain.logits().toFloatArray(), zeroStrength.logits().toFloatArray(), 0f);

            Transformer.Trace steered = net.run(store, x, false, Steering.at("resid.1", direction, 4.0), true);
            assertArrayEquals(plain.stream().get(0).toFloatArray(), steered.stream().get(0).toFloatArray(), 0f);
            // resid.1 holds the steered stream: exactly the plain one plus 4 x direction at every position.
            float[] diff = steered.stream().get(1).sub(plain.stream().get(1)).toFloatArray();
            for (int i = 0; i < diff.length; i++) {
                assertEquals(4 * direction[i % 16], diff[i], 1e-5f);
            }
            assertFalse(java.util.Arrays.equals(plain.logits().toFloatArray(), steered.logits().toFloatArray()));

            // From position 3 on: earlier positions keep their logits.
            Transformer.Trace later = net.run(store, x, false, Steering.at("resid.0", direction, 4.0).from(3), false);
            assertArrayEquals(positions(plain.logits(), 0, 3), positions(later.logits(), 0, 3), 1e-6f);
            assertFalse(java.util.Arrays.equals(positions(plain.logits(), 3, 6), positions(later.logits(), 3, 6)));

            Transformer.Trace atFinal = net.run(store, x, false, Steering.at("final", direction, 1.0), false);
            assertFalse(java.util.Arrays.equals(plain.logits().toFloatArray(), atFinal.logits().toFloatArray()));
        }
    }

    @Test
    void unknownLayersWrongWidthsAndOverlongSequencesAreRefused() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = ids(m, new long[] {1, 5, 2});
            assertThrows(IllegalArgumentException.class, () -> net.run(store, x, false, Steering.at("resid.9", new float[16], 1), false));
            assertThrows(IllegalArgumentException.class, () -> net.run(store, x, false, Steering.at("resid.1", new float[8], 1), false));
            assertThrows(IllegalArgumentException.class, () -> net.run(store, ids(m, new long[13]), false, null, false));
        }
    }
}
