package io.ontobridge.models.lm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.ontobridge.models.zoo.ModelMetadata;
import io.ontobridge.platform.kafka.DeadLetters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code model.json} next to a language model's parameters says (the same file name and JSON style as
 * the shapes zoo's {@link ModelMetadata}; {@code architecture} tells them apart).
 *
 * @param format       version of this file's layout (1)
 * @param architecture {@value #ARCHITECTURE}
 * @param hyper        the {@link LmArchitecture}
 * @param vocabulary   the {@link WordVocabulary}'s tokens by id
 * @param training     the {@link LmTrainOptions} used (null for an untrained model)
 * @param corpus       the name of the text source it was trained on (null for an untrained model)
 * @param world        that source's world config, as given (null when it has none)
 * @param seed         seed of the texts, the initialization and the shuffling
 * @param texts        training texts
 * @param heldOutSeen  the share of held-out texts that also occur among the training texts (a small world repeats
 *                     itself; held-out loss is the loss on fresh draws of the world, repeats included)
 * @param epochs       metrics per epoch (empty for an untrained model)
 * @param wallSeconds  training wall time (text generation included)
 * @param paramsFile   the parameter file's name in the model folder
 * @param paramsSha256 sha256 of the parameter file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LmMetadata(int format, String architecture, Map<String, Object> hyper, List<String> vocabulary,
                         LmTrainOptions training, String corpus, JsonNode world, long seed, int texts,
                         Double heldOutSeen, List<EpochLog> epochs, double wallSeconds, String paramsFile,
                         String paramsSha256) {
    public static final String ARCHITECTURE = "lm";

    /**
     * One epoch. Losses are cross-entropies in nats per predicted token (every word and the closing
     * {@code <eos>}; padding is not counted).
     *
     * @param trainLoss       mean over the epoch's applied steps
     * @param heldOutLoss     on the held-out texts after the epoch
     * @param unigramLoss     the unigram baseline on the same held-out texts: token frequencies of the training
     *                        texts, add-one smoothed (the same every epoch; the model should end far below it)
     * @param heldOutAccuracy the share of held-out tokens whose most likely prediction was right
     * @param skippedSteps    steps skipped because the loss or a gradient was not finite
     * @param clippedSteps    steps whose gradient was scaled down (norm above 5x the typical one)
     * @param seconds         the epoch's training time (the held-out evaluation excluded)
     * @param textsPerSecond  training texts per second in the epoch
     */
    public record EpochLog(int epoch, double trainLoss, double heldOutLoss, double unigramLoss, double heldOutAccuracy,
                           int skippedSteps, int clippedSteps, double seconds, double textsPerSecond) {
    }

    public LmArchitecture lmArchitecture() {
        return LmArchitecture.fromHyper(hyper);
    }

    public WordVocabulary wordVocabulary() {
        return WordVocabulary.fromTokens(vocabulary);
    }

    /** The last epoch's held-out loss (NaN for an untrained model). */
    public double finalHeldOutLoss() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).heldOutLoss();
    }

    public void write(Path dir) {
        try {
            ModelMetadata.JSON.writeValue(dir.resolve(ModelMetadata.FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(ModelMetadata.FILE), e);
        }
    }

    public static LmMetadata read(Path dir) {
        try {
            LmMetadata meta = ModelMetadata.JSON.readValue(dir.resolve(ModelMetadata.FILE).toFile(), LmMetadata.class);
            if (!ARCHITECTURE.equals(meta.architecture())) {
                throw new IllegalArgumentException("zoo model " + dir + " is a " + meta.architecture()
                        + ", not a language model");
            }
            return meta;
        } catch (IOException e) {
            throw new IllegalArgumentException("zoo model " + dir + ": " + DeadLetters.describe(e), e);
        }
    }

    /** Whether the folder's {@code model.json} describes a language model (false when it is missing or unreadable). */
    public static boolean isLanguageModel(Path dir) {
        try {
            JsonNode tree = ModelMetadata.JSON.readTree(dir.resolve(ModelMetadata.FILE).toFile());
            return tree != null && ARCHITECTURE.equals(tree.path("architecture").asText());
        } catch (IOException e) {
            return false;
        }
    }
}
