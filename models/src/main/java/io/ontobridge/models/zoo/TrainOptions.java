package io.ontobridge.models.zoo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a zoo model is trained.
 *
 * @param samples      world images generated for training (deterministic for the seed)
 * @param epochs       passes over them
 * @param batchSize    images per Adam step (the last partial batch of an epoch is dropped)
 * @param learningRate Adam's step size
 * @param latent       VAE only: latent units
 * @param beta         VAE only: weight of the KL term (beta-VAE); larger gives more disentangled, blurrier
 * @param hidden       CNN only: units of the dense hidden layer
 * @param classWeight  VAE only: weight of the auxiliary class head's cross-entropy (a linear layer on the latent
 *                     mean predicting the world's shape class); 0 = a plain VAE without the head (the default
 *                     when a model.json written before this option is read)
 */
public record TrainOptions(int samples, int epochs, int batchSize, double learningRate, int latent, double beta,
                           int hidden, double classWeight) {
    /** Classes of the shapes world (circle, square, triangle): the CNN's logits and the VAE's class head. */
    public static final int CLASSES = 3;

    public TrainOptions {
        if (samples < batchSize || batchSize < 1 || epochs < 1 || !(learningRate > 0) || latent < 1 || !(beta >= 0)
                || hidden < 1 || !(classWeight >= 0) || Double.isInfinite(classWeight)) {
            throw new IllegalArgumentException("bad training options: " + this);
        }
    }

    /**
     * The settings of the committed default weights (see {@code zoo/README.md}). The VAE has the class head
     * (class weight 50 against a per-image reconstruction of about 140): without it its latents hold shape class
     * hardly at all, and no concept of it separates a classifier from the trivial baselines.
     */
    public static TrainOptions defaults(String architecture) {
        return switch (architecture) {
            case "vae" -> new TrainOptions(20_000, 8, 64, 1e-3, 12, 2.0, 64, 50);
            case "cnn" -> new TrainOptions(10_000, 4, 64, 1e-3, 12, 2.0, 64, 0);
            default -> throw new IllegalArgumentException("unknown architecture '" + architecture + "' (known: vae, cnn)");
        };
    }

    public TrainOptions withSamples(int n) {
        return new TrainOptions(n, epochs, batchSize, learningRate, latent, beta, hidden, classWeight);
    }

    public TrainOptions withEpochs(int n) {
        return new TrainOptions(samples, n, batchSize, learningRate, latent, beta, hidden, classWeight);
    }

    public TrainOptions withLatent(int n) {
        return new TrainOptions(samples, epochs, batchSize, learningRate, n, beta, hidden, classWeight);
    }

    public TrainOptions withBeta(double b) {
        return new TrainOptions(samples, epochs, batchSize, learningRate, latent, b, hidden, classWeight);
    }

    public TrainOptions withHidden(int n) {
        return new TrainOptions(samples, epochs, batchSize, learningRate, latent, beta, n, classWeight);
    }

    public TrainOptions withBatchSize(int n) {
        return new TrainOptions(samples, epochs, n, learningRate, latent, beta, hidden, classWeight);
    }

    public TrainOptions withLearningRate(double lr) {
        return new TrainOptions(samples, epochs, batchSize, lr, latent, beta, hidden, classWeight);
    }

    public TrainOptions withClassWeight(double w) {
        return new TrainOptions(samples, epochs, batchSize, learningRate, latent, beta, hidden, w);
    }

    /** The architecture's hyper-parameters: what {@link Nets#build} needs, plus the VAE's beta and
     * (with a class head) class weight. */
    public Map<String, Object> hyper(String architecture) {
        Map<String, Object> h = new LinkedHashMap<>();
        if (architecture.equals("vae")) {
            h.put("latent", latent);
            h.put("beta", beta);
            if (classWeight > 0) {
                h.put("class_weight", classWeight);
                h.put("classes", CLASSES);
            }
        } else {
            h.put("hidden", hidden);
            h.put("classes", CLASSES);
        }
        return h;
    }
}
