package io.ontobridge.platform.concept;

/**
 * Language-model sources: how the source samples what it writes (modes {@code steered} and {@code requested}).
 *
 * @param temperature  divides the logits; 0 is greedy
 * @param topK         sample among the k most likely tokens only; 0: no limit
 * @param topP         nucleus sampling: among the fewest most likely tokens whose probabilities sum to p; 1: no limit
 * @param maxNewTokens the most tokens written after the prompt ({@code <eos>} included); a story of the grammar is
 *                     at most 45 words, and a text always stops within the model's context
 */
public record SamplingSpec(Double temperature, Integer topK, Double topP, Integer maxNewTokens) {
    public SamplingSpec {
        temperature = temperature == null ? 1.0 : temperature;
        topK = topK == null ? 0 : topK;
        topP = topP == null ? 1.0 : topP;
        maxNewTokens = maxNewTokens == null ? 60 : maxNewTokens;
    }

    public static SamplingSpec defaults() {
        return new SamplingSpec(null, null, null, null);
    }

    void validate() {
        if (!(temperature >= 0) || temperature.isInfinite()) {
            throw new ConceptSpecException("generator.sampling.temperature: must be >= 0 (0 = greedy), got " + temperature);
        }
        Validation.range("generator.sampling.top_k", topK, 0, 1 << 20);
        if (!(topP > 0 && topP <= 1)) {
            throw new ConceptSpecException("generator.sampling.top_p: must be in (0, 1], got " + topP);
        }
        Validation.range("generator.sampling.max_new_tokens", maxNewTokens, 1, 4096);
    }
}
