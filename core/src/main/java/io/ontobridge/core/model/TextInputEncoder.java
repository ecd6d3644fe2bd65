package io.ontobridge.core.model;

import io.ontobridge.schema.SampleInput;

import java.util.ArrayList;
import java.util.List;

/** A {@link TextEncoder} as an {@link InputEncoder}: text inputs are encoded, anything else is rejected. */
public final class TextInputEncoder implements InputEncoder {
    private final TextEncoder encoder;

    public TextInputEncoder(TextEncoder encoder) {
        this.encoder = encoder;
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
                results[i] = Encoding.rejected(0, Encoding.UNSUPPORTED_INPUT, "the sample has no text; this model reads text");
            } else {
                texts.add(text);
                positions.add(i);
            }
        }
        List<Encoding> encoded = encoder.encode(texts);
        for (int j = 0; j < positions.size(); j++) {
            results[positions.get(j)] = encoded.get(j);
        }
        return List.of(results);
    }

    @Override
    public void close() {
        encoder.close();
    }
}
