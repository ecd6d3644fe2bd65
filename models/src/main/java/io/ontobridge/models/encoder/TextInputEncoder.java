package io.ontobridge.models.encoder;

import io.ontobridge.platform.kafka.ErrorType;
import io.ontobridge.schema.SampleInput;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TextEncoder} as an {@link InputEncoder}: text inputs are encoded, anything else is rejected.
 * With an input encoder (the same model read at its token-embedding layer) each result also carries
 * the {@code input} control read-out: what the words alone give, before any contextual layer.
 */
public final class TextInputEncoder implements InputEncoder {
    private final TextEncoder encoder;
    private final TextEncoder inputEncoder;

    /** @param inputEncoder the same model at its input layer, or null for no {@code input} baseline */
    public TextInputEncoder(TextEncoder encoder, TextEncoder inputEncoder) {
        this.encoder = encoder;
        this.inputEncoder = inputEncoder;
    }

    @Override
    public String sha256() {
        return encoder.sha256();
    }

    @Override
    public int dimension() {
        return encoder.dimension();
    }

    @Override
    public List<Encoding> encode(List<SampleInput> inputs) {
        List<String> texts = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        Encoding[] results = new Encoding[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i).getText();
            if (text == null) {
                results[i] = Encoding.rejected(0, ErrorType.UNSUPPORTED_INPUT, "the sample has no text; this model reads text");
            } else {
                texts.add(text);
                positions.add(i);
            }
        }
        List<Encoding> encoded = encoder.encode(texts);
        List<Encoding> embeddings = inputEncoder == null ? null : inputEncoder.encode(texts);
        for (int j = 0; j < positions.size(); j++) {
            Encoding e = encoded.get(j);
            if (embeddings != null && e.ok() && embeddings.get(j).ok()) {
                e = new Encoding(e.vector(), e.tokens(), e.truncated(), null, null,
                        java.util.Map.of("input", embeddings.get(j).vector()));
            }
            results[positions.get(j)] = e;
        }
        return List.of(results);
    }

    @Override
    public void close() {
        encoder.close();
        if (inputEncoder != null) {
            inputEncoder.close();
        }
    }
}
