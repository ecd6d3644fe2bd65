package io.ontobridge.models.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One {@link LanguageModel#generate} call: all prompts step by step in batches, each row with its own random
 * stream split off the seed in prompt order. Without a key-value cache every step reruns the whole (short)
 * sequence; at these sizes that costs little and keeps the model code simple.
 */
final class Generation {
    private static final int BATCH = 128;

    private final LanguageModel model;
    private final SamplingOptions options;
    private final long seed;
    private final Steering steering;

    Generation(LanguageModel model, SamplingOptions options, long seed, Steering steering) {
        this.model = model;
        this.options = options;
        this.seed = seed;
        this.steering = steering;
    }

    List<Continuation> run(List<String> prompts) {
        SplittableRandom root = new SplittableRandom(seed);
        List<SplittableRandom> randoms = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            randoms.add(root.split());
        }
        List<Continuation> out = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += BATCH) {
            int to = Math.min(prompts.size(), from + BATCH);
            out.addAll(runBatch(prompts.subList(from, to), randoms.subList(from, to)));
        }
        return out;
    }

    private List<Continuation> runBatch(List<String> prompts, List<SplittableRandom> randoms) {
        int n = prompts.size();
        int context = model.architecture().context();
        List<int[]> seqs = new ArrayList<>(n);
        int[] promptLength = new int[n];
        boolean[] ended = new boolean[n];
        for (int i = 0; i < n; i++) {
            int[] words = model.vocabulary().encode(prompts.get(i));
            if (words.length + 1 >= context) {
                throw new IllegalArgumentException("a prompt of " + words.length + " words leaves no room in the model's context of "
                        + context + " tokens: '" + prompts.get(i) + "'");
            }
            int[] s = new int[words.length + 1];
            s[0] = WordVocabulary.BOS_ID;
            System.arraycopy(words, 0, s, 1, words.length);
            seqs.add(s);
            promptLength[i] = s.length;
        }
        for (int step = 0; step < options.maxNewTokens(); step++) {
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!ended[i] && seqs.get(i).length < context) {
                    active.add(i);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            float[][] logits = model.lastLogits(active.stream().map(seqs::get).toList(), steering);
            for (int k = 0; k < active.size(); k++) {
                int i = active.get(k);
                int next = TokenSampler.sample(logits[k], options, randoms.get(i));
                if (next == WordVocabulary.EOS_ID) {
                    ended[i] = true;
                } else {
                    int[] s = Arrays.copyOf(seqs.get(i), seqs.get(i).length + 1);
                    s[s.length - 1] = next;
                    seqs.set(i, s);
                }
            }
        }
        List<Continuation> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] s = seqs.get(i);
            String generated = model.vocabulary().decode(Arrays.copyOfRange(s, promptLength[i], s.length));
            String prompt = prompts.get(i).strip();
            String text = prompt.isEmpty() ? generated : generated.isEmpty() ? prompt : prompt + " " + generated;
            out.add(new Continuation(prompts.get(i), generated, text, ended[i]));
        }
        return out;
    }
}
