package io.ontobridge.models.encoder;

import io.ontobridge.platform.concept.ModelSpec;
import io.ontobridge.platform.kafka.DeadLetters;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A read-out narrower than the spec's min_width is refused, naming layers that would do. */
class InputEncodersTest {
    /** A LayerNorm's one-value statistic: a real tensor of MiniLM, but not a hidden state. */
    static final String ONE_WIDE = "/encoder/layer.3/output/LayerNorm/Add_output_0";

    private static ModelSpec minilm(String layer, Integer minWidth) {
        return new ModelSpec("text", "all-minilm-l6-v2", "1", TextEncoderTest.MINILM_ONNX,
                TextEncoderTest.MINILM_TOKENIZER, null, layer, 32, false, 8, List.of(), null, minWidth);
    }

    @Test
    void aOneValueWideTextReadOutIsRefusedNamingTheNearestHiddenStates() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> InputEncoders.open(minilm(ONE_WIDE, null), TextEncoderTest.CACHE));
        String text = DeadLetters.describe(error);
        assertTrue(text.startsWith("model all-minilm-l6-v2: layer '" + ONE_WIDE + "' reads out 1 value, fewer than"
                + " min_width 8; nearest hidden states: " + TextEncoderTest.LAYER_3 + ", "), text);
        assertTrue(text.endsWith("(or set min_width: 1 to read it anyway)"), text);
        assertTrue(text.length() < 400, text);
    }

    @Test
    void aNarrowReadOutOpensWhenTheSpecAllowsIt() {
        try (InputEncoder encoder = InputEncoders.open(minilm(ONE_WIDE, 1), TextEncoderTest.CACHE)) {
            assertEquals(1, encoder.dimension());
        }
    }

    @Test
    void aNarrowImageReadOutIsRefusedNamingTheWiderLayers() {
        String zoo = Path.of("..", "zoo", "shapes-cnn").toAbsolutePath().normalize().toString();
        var spec = new ModelSpec("image", "shapes-cnn", "1", zoo, null, null, "logits", null, null, null, null, null, null);
        var error = assertThrows(IllegalArgumentException.class, () -> InputEncoders.open(spec, TextEncoderTest.CACHE));
        assertTrue(error.getMessage().contains("layer 'logits' reads out 3 values, fewer than min_width 8; its layers"
                + " at least that wide: conv1"), error.getMessage());
        assertTrue(error.getMessage().contains("hidden"), error.getMessage());
    }
}
