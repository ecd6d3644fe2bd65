package io.ontobridge.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * Sequences ({@code <bos> words <eos>}) set up for next-token prediction: the inputs are each sequence but its
 * last token, the targets each but its first, right-padded to the longest; the mask is 1 where a target is a
 * real token. Training and the held-out loss share it.
 */
public record TokenBatch(long[] inputs, long[] targets, float[] mask, int rows, int tokens) {
    public static TokenBatch of(List<int[]> sequences) {
        int t = 0;
        for (int[] s : sequences) {
            if (s.length < 2) {
                throw new IllegalArgumentException("a sequence to predict holds at least <bos> and one token");
            }
            t = Math.max(t, s.length - 1);
        }
        int n = sequences.size();
        long[] in = new long[n * t];
        long[] out = new long[n * t];
        float[] mask = new float[n * t];
        for (int i = 0; i < n; i++) {
            int[] s = sequences.get(i);
            for (int p = 0; p < s.length - 1; p++) {
                in[i * t + p] = s[p];
                out[i * t + p] = s[p + 1];
                mask[i * t + p] = 1;
            }
        }
        return new TokenBatch(in, out, mask, n, t);
    }

    public NDArray inputs(NDManager m) {
        return m.create(inputs, new Shape(rows, tokens));
    }

    public NDArray targets(NDManager m) {
        return m.create(targets, new Shape(rows, tokens));
    }

    public NDArray mask(NDManager m) {
        return m.create(mask, new Shape(rows, tokens));
    }

    /** Real target tokens in the batch. */
    public int count() {
        int c = 0;
        for (float v : mask) {
            c += (int) v;
        }
        return c;
    }

    /** Negative log-likelihood of each target under the logits {@code [rows, tokens, vocabulary]}: {@code [rows, tokens]}. */
    public static NDArray nll(NDArray logits, NDArray targets) {
        int vocabulary = Math.toIntExact(logits.getShape().get(2));
        return logits.logSoftmax(2).mul(targets.toType(DataType.INT64, false).oneHot(vocabulary)).sum(new int[] {2}).neg();
    }
}
