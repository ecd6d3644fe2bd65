package io.ontobridge.models.lm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws the next token from a row of logits on the CPU, in Java, so that a seed fixes the draw whatever the
 * engine's own random state. {@code <pad>}, {@code <bos>} and {@code <unk>} are never drawn.
 */
final class TokenSampler {
    private TokenSampler() {
    }

    static int sample(float[] logits, SamplingOptions options, SplittableRandom random) {
        Integer[] order = new Integer[logits.length];
        int n = 0;
        for (int id = 0; id < logits.length; id++) {
            if (id != WordVocabulary.PAD_ID && id != WordVocabulary.BOS_ID && id != WordVocabulary.UNK_ID) {
                order[n++] = id;
            }
        }
        Integer[] ids = Arrays.copyOf(order, n);
        // Most likely first; ties broken by id so the order is the same on every run.
        Arrays.sort(ids, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        if (options.temperature() == 0) {
            return ids[0];
        }
        int keep = options.topK() > 0 ? Math.min(options.topK(), ids.length) : ids.length;
        double[] p = new double[keep];
        double max = logits[ids[0]] / options.temperature();
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp(logits[ids[i]] / options.temperature() - max);
            sum += p[i];
        }
        if (options.topP() < 1) {
            double cumulative = 0;
            for (int i = 0; i < keep; i++) {
                cumulative += p[i] / sum;
                if (cumulative >= options.topP()) {
                    keep = i + 1;
                    break;
                }
            }
            sum = 0;
            for (int i = 0; i < keep; i++) {
                sum += p[i];
            }
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < keep; i++) {
            u -= p[i];
            if (u < 0) {
                return ids[i];
            }
        }
        return ids[keep - 1];
    }
}
