package io.ontobridge.models.zoo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.worlds.shapes.WorldConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code model.json} next to a zoo model's parameters says: how it was made and how well it did.
 *
 * @param format        version of this file's layout (1)
 * @param architecture  {@code vae} or {@code cnn}
 * @param hyper         the architecture's hyper-parameters ({@code latent}, {@code beta} / {@code hidden}, {@code classes})
 * @param training      the {@link TrainOptions} used
 * @param world         the world config the training images came from, as given
 * @param seed          seed of the training images, the initialization and the shuffling
 * @param samples       training images
 * @param epochs        metrics per epoch
 * @param wallSeconds   training wall time (data generation included, introspection excluded)
 * @param paramsFile    the parameter file's name in the model folder
 * @param paramsSha256  sha256 of the parameter file
 * @param introspection VAE only: which latent unit tracks which factor (null for the CNN)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(int format, String architecture, Map<String, Object> hyper, TrainOptions training,
                            WorldConfig world, long seed, int samples, List<EpochLog> epochs, double wallSeconds,
                            String paramsFile, String paramsSha256, Introspection.Result introspection) {
    public static final String FILE = "model.json";
    public static final String PARAMS = "model.params";

    /**
     * One epoch's averages over its steps.
     *
     * @param loss           the training objective (VAE: reconstruction + beta * KL + class_weight * classification
     *                       per image; CNN: cross-entropy)
     * @param reconstruction VAE: binary cross-entropy summed over pixels, per image
     * @param kl             VAE: KL divergence to N(0, I), per image
     * @param classification VAE with a class head: the head's cross-entropy per image (null without a head)
     * @param accuracy       CNN, and VAE with a class head: training accuracy (of the head for the VAE)
     * @param skippedSteps   steps skipped because a gradient was not finite
     * @param clippedSteps   steps whose gradient was scaled down (norm above 5x the typical one; null in older files)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EpochLog(int epoch, double loss, Double reconstruction, Double kl, Double classification,
                           Double accuracy, int skippedSteps, Integer clippedSteps, double seconds) {
    }

    public static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The latent unit that tracks a factor best (VAE only). */
    public int unitFor(String factor) {
        if (introspection == null) {
            throw new IllegalStateException("model '" + architecture + "' has no introspection (only the vae has)");
        }
        return introspection.bestFor(factor).unit();
    }

    public double finalLoss() {
        return epochs.get(epochs.size() - 1).loss();
    }

    public void write(Path dir) {
        try {
            JSON.writeValue(dir.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    public static ModelMetadata read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            return JSON.readValue(file.toFile(), ModelMetadata.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("zoo model " + dir + ": " + DeadLetters.describe(e), e);
        }
    }
}
