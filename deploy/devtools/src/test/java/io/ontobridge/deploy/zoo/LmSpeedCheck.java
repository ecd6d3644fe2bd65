package io.ontobridge.deploy.zoo;

import io.ontobridge.models.lm.LmArchitecture;
import io.ontobridge.models.lm.LmTrainOptions;

import java.nio.file.Path;

/**
 * Not a test: trains a language model on the stand-in stories to measure the trainer's speed at full size.
 * {@code LmSpeedCheck OUT LAYERS WIDTH HEADS TEXTS EPOCHS [SEED]}, run with the test class path.
 */
public final class LmSpeedCheck {
    private LmSpeedCheck() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        LmArchitecture arch = LmArchitecture.of(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        LmTrainOptions opts = LmTrainOptions.defaults().withTexts(Integer.parseInt(args[4])).withEpochs(Integer.parseInt(args[5]));
        long seed = args.length > 6 ? Long.parseLong(args[6]) : 7;
        new LmTrainer(System.out::println).train(new StandInStories(), arch, opts, seed, out);
    }
}
