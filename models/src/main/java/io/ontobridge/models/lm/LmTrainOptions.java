package io.ontobridge.models.lm;

/**
 * How a language model is trained (the architecture is {@link LmArchitecture}).
 *
 * @param texts        training texts drawn from the world (deterministic for the seed)
 * @param heldOutTexts fresh texts (another seed) on which each epoch's held-out loss is measured
 * @param epochs       passes over the training texts
 * @param batchSize    texts per Adam step (the last partial batch of an epoch is dropped)
 * @param learningRate Adam's peak step size: reached after {@code warmupSteps} linearly, then cosine-decayed to a
 *                     tenth of it by the last step
 * @param warmupSteps  steps of the linear warm-up
 */
public record LmTrainOptions(int texts, int heldOutTexts, int epochs, int batchSize, double learningRate,
                             int warmupSteps) {
    public LmTrainOptions {
        if (texts < batchSize || batchSize < 1 || heldOutTexts < 1 || epochs < 1 || !(learningRate > 0)
                || Double.isInfinite(learningRate) || warmupSteps < 0) {
            throw new IllegalArgumentException("bad language model training options: " + this);
        }
    }

    /** 30000 texts, 2000 held out, 4 epochs, batch 64, Adam 3e-3 with 100 warm-up steps. */
    public static LmTrainOptions defaults() {
        return new LmTrainOptions(30_000, 2_000, 4, 64, 3e-3, 100);
    }

    public LmTrainOptions withTexts(int n) {
        return new LmTrainOptions(n, heldOutTexts, epochs, batchSize, learningRate, warmupSteps);
    }

    public LmTrainOptions withHeldOutTexts(int n) {
        return new LmTrainOptions(texts, n, epochs, batchSize, learningRate, warmupSteps);
    }

    public LmTrainOptions withEpochs(int n) {
        return new LmTrainOptions(texts, heldOutTexts, n, batchSize, learningRate, warmupSteps);
    }

    public LmTrainOptions withBatchSize(int n) {
        return new LmTrainOptions(texts, heldOutTexts, epochs, n, learningRate, warmupSteps);
    }

    public LmTrainOptions withLearningRate(double lr) {
        return new LmTrainOptions(texts, heldOutTexts, epochs, batchSize, lr, warmupSteps);
    }

    public LmTrainOptions withWarmupSteps(int n) {
        return new LmTrainOptions(texts, heldOutTexts, epochs, batchSize, learningRate, n);
    }
}
