package io.ontobridge.models.lm;

/**
 * How continuations are sampled.
 *
 * @param temperature   divides the logits; 0 means greedy (always the most likely token)
 * @param topK          sample among the k most likely tokens only (0: no limit)
 * @param topP          nucleus sampling: among the fewest most likely tokens whose probabilities sum to at least p
 *                      (1: no limit); applied after top-k
 * @param maxNewTokens  the most tokens to add ({@code <eos>} included); generation also stops at the model's context
 */
public record SamplingOptions(double temperature, int topK, double topP, int maxNewTokens) {
    public SamplingOptions {
        if (!(temperature >= 0) || Double.isInfinite(temperature) || topK < 0 || !(topP > 0 && topP <= 1) || maxNewTokens < 1) {
            throw new IllegalArgumentException("bad sampling options: " + this
                    + " (temperature >= 0, top-k >= 0, 0 < top-p <= 1, max new tokens >= 1)");
        }
    }

    /** Plain sampling at temperature 1, up to 40 new tokens. */
    public static SamplingOptions defaults() {
        return new SamplingOptions(1.0, 0, 1.0, 40);
    }

    public static SamplingOptions greedy(int maxNewTokens) {
        return new SamplingOptions(0, 0, 1.0, maxNewTokens);
    }

    public SamplingOptions withTemperature(double t) {
        return new SamplingOptions(t, topK, topP, maxNewTokens);
    }

    public SamplingOptions withTopK(int k) {
        return new SamplingOptions(temperature, k, topP, maxNewTokens);
    }

    public SamplingOptions withTopP(double p) {
        return new SamplingOptions(temperature, topK, p, maxNewTokens);
    }

    public SamplingOptions withMaxNewTokens(int n) {
        return new SamplingOptions(temperature, topK, topP, n);
    }
}
