package io.ontobridge.models.encoder;

import io.ontobridge.platform.concept.ModelSpec;
import io.ontobridge.platform.concept.Pooling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Opens the right {@link InputEncoder} for a model spec: an ONNX text model (encoder or decoder-only, pooled as the
 * spec's {@code pooling} says), a shapes-zoo image model or a zoo language model ({@link LmInputEncoder}). Its
 * read-out must be at least the spec's {@code min_width} wide: a real tensor of the wrong kind (a LayerNorm's
 * one-value statistic) would otherwise run, and a probe on it would only ever warm up.
 */
public final class InputEncoders {
    private static final Logger log = LoggerFactory.getLogger(InputEncoders.class);

    private InputEncoders() {
    }

    public static InputEncoder open(ModelSpec spec, Path cacheDir) {
        if (spec.isImage()) {
            ImageInputEncoder image = ImageInputEncoder.open(spec);
            try {
                requireWidth(spec, image.dimension(), "its layers at least that wide",
                        () -> image.layersAtLeast(spec.minWidth()));
            } catch (RuntimeException e) {
                image.close();
                throw e;
            }
            return image;
        }
        if (spec.isLanguageModel()) {
            LmInputEncoder lm = LmInputEncoder.open(spec);
            try {
                // Every layer of a language model is as wide as its residual stream: none would do better.
                requireWidth(spec, lm.dimension(), "its layers (all as wide)", lm::layers);
            } catch (RuntimeException e) {
                lm.close();
                throw e;
            }
            return lm;
        }
        TextEncoder encoder = TextEncoder.open(EncoderSpec.of(spec), cacheDir);
        try {
            requireWidth(spec, encoder.dimension(), "nearest hidden states", encoder::hiddenStatesNearLayer);
            if (!spec.baselines().contains("input")) {
                return new TextInputEncoder(encoder, null);
            }
            // The same model cut at its token-embedding layer: nearly free to run. Always the mean over tokens, the
            // bag of words, whatever the layer's pooling: a decoder's last token embedding alone would be a control
            // too weak to tell what the model adds.
            TextEncoder input;
            try {
                input = TextEncoder.open(EncoderSpec.of(spec).at(spec.inputLayer(), Pooling.MEAN), cacheDir);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the input baseline (input_layer): " + e.getMessage(), e);
            }
            return new TextInputEncoder(encoder, input);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** Logs the read-out's width; refuses one narrower than min_width, naming layers that would do. */
    private static void requireWidth(ModelSpec spec, int width, String what, Supplier<List<String>> alternatives) {
        log.info("model {} {}: layer {} reads out {} values", spec.name(), spec.version(), spec.layer(), width);
        if (width < spec.minWidth()) {
            throw new IllegalArgumentException("model " + spec.name() + ": layer '" + spec.layer() + "' reads out "
                    + width + (width == 1 ? " value" : " values") + ", fewer than min_width " + spec.minWidth()
                    + "; " + what + ": " + String.join(", ", alternatives.get())
                    + " (or set min_width: " + width + " to read it anyway)");
        }
    }
}
