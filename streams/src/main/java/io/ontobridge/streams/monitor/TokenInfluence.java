package io.ontobridge.streams.monitor;

import io.ontobridge.models.encoder.EncoderSpec;
import io.ontobridge.models.encoder.Encoding;
import io.ontobridge.models.encoder.TextEncoder;
import io.ontobridge.models.feature.SourceFeature;
import io.ontobridge.platform.concept.ConceptSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Explains a text disagreement through the source model: for each word, how much the source feature
 * changes when the word is removed. The words that move it most are what the source reads the
 * concept from, which a person can weigh against what the probe says. Runs the source model once per
 * explained input (all variants in one batch); shared by the monitor's tasks, so calls are serialized.
 */
public final class TokenInfluence implements AutoCloseable {
    private static final int MAX_WORDS = 48;

    private final TextEncoder encoder;
    private final SourceFeature feature;

    private TokenInfluence(TextEncoder encoder, SourceFeature feature) {
        this.encoder = encoder;
        this.feature = feature;
    }

    /** Opens the spec's source text model and rebuilds its feature, as the generator does. */
    public static TokenInfluence open(ConceptSpec spec, Path modelCache) {
        TextEncoder encoder = TextEncoder.open(EncoderSpec.of(spec.source()), modelCache);
        try {
            SourceFeature feature = SourceFeature.fromSpec(spec, encoder.dimension(), texts -> {
                List<Encoding> encodings = encoder.encode(texts);
                return encodings.stream().map(Encoding::vector).toArray(float[][]::new);
            });
            return new TokenInfluence(encoder, feature);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** The {@code top} words whose removal moves the feature most, largest |delta| first. */
    public synchronized List<io.ontobridge.schema.TokenInfluence> explain(String text, int top) {
        String[] words = text.strip().split("\\s+");
        if (words.length < 2 || words.length > MAX_WORDS) {
            return List.of();
        }
        List<String> variants = new ArrayList<>(words.length + 1);
        variants.add(text);
        for (int i = 0; i < words.length; i++) {
            List<String> rest = new ArrayList<>(List.of(words));
            rest.remove(i);
            variants.add(String.join(" ", rest));
        }
        List<Encoding> encodings = encoder.encode(variants);
        if (!encodings.get(0).ok()) {
            return List.of();
        }
        double whole = feature.valueOf(encodings.get(0).vector());
        List<io.ontobridge.schema.TokenInfluence> influences = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            Encoding without = encodings.get(i + 1);
            if (without.ok()) {
                influences.add(new io.ontobridge.schema.TokenInfluence(words[i], whole - feature.valueOf(without.vector())));
            }
        }
        influences.sort(Comparator.comparingDouble((io.ontobridge.schema.TokenInfluence t) -> -Math.abs(t.getDelta())));
        return influences.subList(0, Math.min(top, influences.size()));
    }

    @Override
    public synchronized void close() {
        encoder.close();
    }
}
