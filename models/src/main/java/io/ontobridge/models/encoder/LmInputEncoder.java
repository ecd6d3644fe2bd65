package io.ontobridge.models.encoder;

import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.models.lm.WordVocabulary;
import io.ontobridge.platform.concept.ModelSpec;
import io.ontobridge.platform.concept.Pooling;
import io.ontobridge.platform.kafka.ErrorType;
import io.ontobridge.schema.SampleInput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A language model of the zoo ({@code kind: lm}) as an {@link InputEncoder}: a text is read as the model was trained
 * on it ({@code <bos>}, its words, {@code <eos>}) and the spec's layer ({@code resid.0} .. {@code resid.N},
 * {@code final}) is pooled as the spec says, by {@link LanguageModel#read}.
 *
 * <p>Control read-outs, as for image models: {@code input} is the {@code input_layer} ({@code resid.0}: token plus
 * position embeddings) always mean-pooled, a bag of words; {@code random_init} is the same layer and pooling of a
 * copy of the model with seeded random parameters.
 *
 * <p>A text the model cannot read is rejected alone, with the reason. A word outside the vocabulary is one of them:
 * the model would read it as {@code <unk>}, a token it hardly saw in training, and a probe would learn from a
 * read-out of words nobody wrote.
 */
public final class LmInputEncoder implements InputEncoder {
    /** Seed of the random-init control copy: fixed, so every instance and restart has the same control. */
    static final long RANDOM_INIT_SEED = 20261126L;

    private final LanguageModel model;
    private final LanguageModel randomInit;
    private final String layer;
    private final Pooling pooling;
    private final String inputLayer;
    private final int maxTokens;
    private final int batchSize;

    private LmInputEncoder(LanguageModel model, LanguageModel randomInit, ModelSpec spec, String inputLayer) {
        this.model = model;
        this.randomInit = randomInit;
        this.layer = spec.layer();
        this.pooling = spec.readOut();
        this.inputLayer = inputLayer;
        this.maxTokens = Math.min(spec.maxTokens(), model.architecture().context());
        this.batchSize = spec.batchSize();
    }

    /**
     * Loads the zoo folder the spec names (checking a pinned sha256) and, if asked for, its random-init copy.
     *
     * @throws IllegalArgumentException for a layer (or input_layer) the model does not have, naming its layers, or a
     *                                  spec asking to truncate (a cut story is not a text the model was trained on)
     */
    public static LmInputEncoder open(ModelSpec spec) {
        if (spec.truncate()) {
            throw new IllegalArgumentException("model '" + spec.name() + "': truncate is not supported for a zoo language"
                    + " model (kind lm); longer texts are rejected");
        }
        LanguageModel model = LanguageModel.load(Path.of(spec.model()), spec.sha256());
        LanguageModel randomInit = null;
        try {
            requireLayer(spec, model, spec.layer(), "layer");
            String inputLayer = null;
            if (spec.baselines().contains("input")) {
                inputLayer = spec.inputLayer();
                requireLayer(spec, model, inputLayer, "the input baseline (input_layer)");
            }
            if (spec.baselines().contains("random_init")) {
                randomInit = model.randomInitCopy(RANDOM_INIT_SEED);
            }
            return new LmInputEncoder(model, randomInit, spec, inputLayer);
        } catch (RuntimeException e) {
            model.close();
            if (randomInit != null) {
                randomInit.close();
            }
            throw e;
        }
    }

    private static void requireLayer(ModelSpec spec, LanguageModel model, String layer, String field) {
        if (!model.layerNames().contains(layer)) {
            throw new IllegalArgumentException(field + ": model '" + spec.name() + "' has no layer '" + layer
                    + "' (its layers: " + String.join(", ", model.layerNames()) + ")");
        }
    }

    @Override
    public String sha256() {
        return model.sha256();
    }

    @Override
    public int dimension() {
        return model.width();
    }

    /** Every layer of the model: all are as wide as the residual stream (for messages). */
    List<String> layers() {
        return model.layerNames();
    }

    @Override
    public List<Encoding> encode(List<SampleInput> inputs) {
        Encoding[] results = new Encoding[inputs.size()];
        List<String> texts = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i).getText();
            Encoding rejected = vet(text);
            if (rejected != null) {
                results[i] = rejected;
            } else {
                texts.add(text);
                positions.add(i);
            }
        }
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            float[][] vectors;
            float[][] words = null;
            if (inputLayer != null && pooling.equals(Pooling.MEAN)) {
                // The input baseline is always the mean over tokens: with a mean-pooled layer, one forward pass reads both.
                Map<String, float[][]> both = model.read(batch, List.of(layer, inputLayer), Pooling.MEAN, null);
                vectors = both.get(layer);
                words = both.get(inputLayer);
            } else {
                vectors = model.read(batch, layer, pooling);
                words = inputLayer == null ? null : model.read(batch, inputLayer, Pooling.MEAN);
            }
            float[][] controls = randomInit == null ? null : randomInit.read(batch, layer, pooling);
            for (int j = 0; j < batch.size(); j++) {
                Map<String, float[]> baselines = new HashMap<>();
                if (words != null) {
                    baselines.put("input", words[j]);
                }
                if (controls != null) {
                    baselines.put("random_init", controls[j]);
                }
                int tokens = model.vocabulary().encodeSequence(batch.get(j)).length;
                results[positions.get(from + j)] = new Encoding(vectors[j], tokens, false, null, null, baselines);
            }
        }
        return Arrays.asList(results);
    }

    /** Why this model cannot read {@code text}, as a rejection, or null when it can. */
    Encoding vet(String text) {
        if (text == null) {
            return Encoding.rejected(0, ErrorType.UNSUPPORTED_INPUT, "the sample has no text; this model reads text");
        }
        if (text.isBlank()) {
            return Encoding.rejected(0, ErrorType.EMPTY_INPUT, "empty text");
        }
        String[] words = text.strip().split("\\s+");
        int tokens = words.length + 2; // <bos> and <eos>
        WordVocabulary vocabulary = model.vocabulary();
        for (String word : words) {
            // A special token written out in the text is not a word either: "<unk>" would pass as known.
            if (!vocabulary.contains(word) || WordVocabulary.isSpecial(vocabulary.id(word))) {
                return Encoding.rejected(tokens, ErrorType.UNSUPPORTED_INPUT, "the word '" + abbreviate(word)
                        + "' is not in the model's vocabulary (" + vocabulary.size() + " tokens)");
            }
        }
        if (tokens > maxTokens) {
            String limit = maxTokens == model.architecture().context()
                    ? "the model's context of " + maxTokens : "max_tokens " + maxTokens;
            return Encoding.rejected(tokens, ErrorType.INPUT_TOO_LONG, "text has " + tokens
                    + " tokens (<bos> and <eos> included), more than " + limit);
        }
        if (tokens < pooling.minTokens()) {
            return Encoding.rejected(tokens, ErrorType.INPUT_TOO_SHORT, pooling.tooShort(tokens));
        }
        return null;
    }

    private static String abbreviate(String word) {
        return word.length() <= 40 ? word : word.substring(0, 40) + "...";
    }

    @Override
    public void close() {
        model.close();
        if (randomInit != null) {
            randomInit.close();
        }
    }
}
