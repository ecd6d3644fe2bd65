package io.ontobridge.deploy.zoo;

import io.ontobridge.models.lm.Continuation;
import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.platform.concept.Pooling;
import io.ontobridge.models.lm.SamplingOptions;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * Not a test: times a trained language model's sampling and read-outs on stand-in stories.
 * {@code LmRuntimeCheck MODEL_DIR}, run with the test class path.
 */
public final class LmRuntimeCheck {
    private LmRuntimeCheck() {
    }

    public static void main(String[] args) {
        try (LanguageModel model = LanguageModel.load(Path.of(args[0]))) {
            List<String> texts = new StandInStories().texts(2000, 99);
            for (int rep = 0; rep < 2; rep++) {
                long t0 = System.nanoTime();
                model.read(texts, model.layerNames(), Pooling.MEAN, null);
                long t1 = System.nanoTime();
                List<Continuation> out = model.generate(Collections.nCopies(256, ""),
                        SamplingOptions.defaults().withMaxNewTokens(40), rep, null);
                long t2 = System.nanoTime();
                long ended = out.stream().filter(Continuation::ended).count();
                System.out.printf("read-out, all layers: %.0f texts/s; sampling: %.0f texts/s (%d of 256 closed by <eos>)%n",
                        texts.size() / ((t1 - t0) / 1e9), 256 / ((t2 - t1) / 1e9), ended);
                if (rep == 1) {
                    out.subList(0, 5).forEach(c -> System.out.println("  " + c.text()));
                }
            }
        }
    }
}
