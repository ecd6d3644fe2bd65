package io.ontobridge.deploy.zoo;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.models.lm.LmArchitecture;
import io.ontobridge.models.lm.LmMetadata;
import io.ontobridge.models.lm.LmTrainOptions;
import io.ontobridge.models.lm.TokenBatch;
import io.ontobridge.models.lm.Transformer;
import io.ontobridge.models.lm.WordVocabulary;
import io.ontobridge.models.zoo.ModelMetadata;
import io.ontobridge.models.zoo.ParameterFile;
import io.ontobridge.models.zoo.ShapesModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Trains a word-level language model ({@link Transformer}) as a next-token predictor on texts of a
 * {@link TextCorpus} with DJL's PyTorch engine (CPU), and saves it as a zoo model folder
 * ({@code model.params} + {@code model.json}, {@link LmMetadata}) that {@link LanguageModel#load} reads.
 *
 * <p>Adam with a linear warm-up and a cosine decay; the loss is the cross-entropy of every next token
 * (padding ignored); each step is guarded ({@link GradientGuard}). After each epoch the loss on held-out texts
 * (fresh draws, another seed) is measured beside the unigram baseline's. Deterministic for a seed on one machine
 * (PyTorch's threading may still change the last bits). Not thread-safe: one gradient collector per JVM.
 */
public final class LmTrainer {
    /** The held-out texts' seed is the training seed plus this. */
    static final long HELD_OUT_SEED_OFFSET = 1_000_003L;
    private static final Logger LOG = LoggerFactory.getLogger(LmTrainer.class);
    private static final int EVAL_BATCH = 256;

    private final Consumer<String> log;

    public LmTrainer() {
        this(LOG::info);
    }

    /** @param log receives one line per epoch and a summary */
    public LmTrainer(Consumer<String> log) {
        this.log = log;
    }

    /** Trains a model of {@code arch} on {@code corpus} and saves it into {@code outDir}. */
    public LmMetadata train(TextCorpus corpus, LmArchitecture arch, LmTrainOptions opts, long seed, Path outDir) {
        long start = System.nanoTime();
        WordVocabulary vocab = WordVocabulary.of(corpus.words());
        List<String> trainTexts = corpus.texts(opts.texts(), seed);
        List<String> heldTexts = corpus.texts(opts.heldOutTexts(), seed + HELD_OUT_SEED_OFFSET);
        List<int[]> train = encode(trainTexts, vocab, arch);
        List<int[]> held = encode(heldTexts, vocab, arch);
        Set<String> seen = new HashSet<>(trainTexts);
        double heldOutSeen = round(heldTexts.stream().filter(seen::contains).count() / (double) heldTexts.size());
        double unigram = unigramLoss(train, held, vocab.size());
        log.accept(String.format("lm: %d training and %d held-out texts of %s (%d words in the vocabulary, %.0f%% of"
                        + " held-out texts also in training) in %.1f s; unigram baseline %.4f nats/token", train.size(),
                held.size(), corpus.name(), vocab.size(), 100 * heldOutSeen, (System.nanoTime() - start) / 1e9, unigram));

        Engine.getEngine(ShapesModel.ENGINE).setRandomSeed((int) seed);
        Transformer net = new Transformer(arch, vocab.size());
        int stepsPerEpoch = train.size() / opts.batchSize();
        List<LmMetadata.EpochLog> epochs = new ArrayList<>();
        byte[] params;
        try (Model model = Model.newInstance("lm", Device.cpu(), ShapesModel.ENGINE)) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()) // required, unused: the loss is below
                    .optInitializer(LanguageModel.initializer(), Parameter.Type.WEIGHT)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(
                            schedule(opts.learningRate(), opts.warmupSteps(), stepsPerEpoch * opts.epochs())).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(opts.batchSize(), arch.context()));
                GradientGuard guard = new GradientGuard();
                Random shuffle = new Random(seed);
                int[] order = new int[train.size()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                for (int epoch = 1; epoch <= opts.epochs(); epoch++) {
                    epochs.add(runEpoch(trainer, guard, train, held, order, shuffle, opts, epoch, unigram));
                }
                params = LanguageModel.serialize(net);
            }
        }
        String sha256 = ParameterFile.write(outDir, params);
        double wall = (System.nanoTime() - start) / 1e9;
        LmMetadata meta = new LmMetadata(1, LmMetadata.ARCHITECTURE, arch.hyper(), vocab.tokens(), opts, corpus.name(),
                corpus.config() == null ? null : ModelMetadata.JSON.valueToTree(corpus.config()), seed, train.size(),
                heldOutSeen, epochs, Math.round(wall * 10) / 10.0, ModelMetadata.PARAMS, sha256);
        meta.write(outDir);
        log.accept(String.format("lm: trained in %.1f s, held-out loss %.4f (unigram %.4f), saved to %s (sha256 %s)", wall,
                meta.finalHeldOutLoss(), unigram, outDir, meta.paramsSha256().substring(0, 12)));
        return meta;
    }

    private LmMetadata.EpochLog runEpoch(Trainer trainer, GradientGuard guard, List<int[]> train, List<int[]> held,
                                         int[] order, Random shuffle, LmTrainOptions opts, int epoch, double unigram) {
        long t0 = System.nanoTime();
        ZooTrainer.shuffle(order, shuffle);
        int b = opts.batchSize();
        int steps = train.size() / b;
        double lossSum = 0;
        int applied = 0, skipped = 0, clipped = 0;
        for (int s = 0; s < steps; s++) {
            List<int[]> seqs = new ArrayList<>(b);
            for (int k = 0; k < b; k++) {
                seqs.add(train.get(order[s * b + k]));
            }
            TokenBatch batch = TokenBatch.of(seqs);
            try (NDManager bm = trainer.getManager().newSubManager()) {
                NDArray mask = batch.mask(bm);
                float loss;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(batch.inputs(bm))).singletonOrThrow();
                    NDArray mean = TokenBatch.nll(logits, batch.targets(bm)).mul(mask).sum().div(batch.count());
                    loss = mean.getFloat();
                    gc.backward(mean);
                }
                GradientGuard.Outcome outcome = guard.check(trainer, bm, Float.isFinite(loss));
                if (outcome == GradientGuard.Outcome.SKIPPED) {
                    skipped++;
                } else {
                    clipped += outcome == GradientGuard.Outcome.CLIPPED ? 1 : 0;
                    trainer.step();
                    applied++;
                    lossSum += loss;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] heldOut = evaluate(trainer, held); // loss, accuracy
        LmMetadata.EpochLog entry = new LmMetadata.EpochLog(epoch, round(lossSum / Math.max(applied, 1)),
                round(heldOut[0]), round(unigram), round(heldOut[1]), skipped, clipped, Math.round(seconds * 10) / 10.0,
                Math.round(steps * b / seconds * 10) / 10.0);
        log.accept(String.format("epoch %d/%d: train loss %.4f, held-out loss %.4f (unigram %.4f), held-out accuracy %.4f,"
                        + " %d steps skipped, %d clipped, %.1f s (%.0f texts/s)", epoch, opts.epochs(), entry.trainLoss(),
                entry.heldOutLoss(), unigram, entry.heldOutAccuracy(), skipped, clipped, seconds, entry.textsPerSecond()));
        return entry;
    }

    /** Held-out cross-entropy (nats per token) and top-1 accuracy of the model as it is now. */
    private static double[] evaluate(Trainer trainer, List<int[]> held) {
        double nll = 0, correct = 0;
        long count = 0;
        for (int from = 0; from < held.size(); from += EVAL_BATCH) {
            TokenBatch batch = TokenBatch.of(held.subList(from, Math.min(held.size(), from + EVAL_BATCH)));
            try (NDManager bm = trainer.getManager().newSubManager()) {
                NDArray mask = batch.mask(bm);
                NDArray targets = batch.targets(bm);
                NDArray logits = trainer.evaluate(new NDList(batch.inputs(bm))).singletonOrThrow();
                nll += TokenBatch.nll(logits, targets).mul(mask).sum().getFloat();
                NDArray hit = logits.argMax(2).toType(DataType.INT64, false).eq(targets).toType(DataType.FLOAT32, false);
                correct += hit.mul(mask).sum().getFloat();
                count += batch.count();
            }
        }
        return new double[] {nll / count, correct / count};
    }

    /**
     * The unigram baseline's cross-entropy on the held-out targets: each token's frequency among the training
     * targets (words and {@code <eos>}), add-one smoothed over every token a text can hold (not pad, bos, unk).
     */
    static double unigramLoss(List<int[]> train, List<int[]> held, int vocabularySize) {
        long[] counts = new long[vocabularySize];
        long total = 0;
        for (int[] s : train) {
            for (int p = 1; p < s.length; p++) {
                counts[s[p]]++;
                total++;
            }
        }
        int support = vocabularySize - 3;
        double sum = 0;
        long n = 0;
        for (int[] s : held) {
            for (int p = 1; p < s.length; p++) {
                sum -= Math.log((counts[s[p]] + 1.0) / (total + support));
                n++;
            }
        }
        return sum / n;
    }

    /** Texts as sequences; a word outside the corpus's own word list, or a text past the context, is an error. */
    private static List<int[]> encode(List<String> texts, WordVocabulary vocab, LmArchitecture arch) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            int[] s = vocab.encodeSequence(t);
            for (int id : s) {
                if (id == WordVocabulary.UNK_ID) {
                    throw new IllegalArgumentException("the corpus wrote a word its word list lacks: '" + t + "'");
                }
            }
            if (s.length > arch.context()) {
                throw new IllegalArgumentException("a text of " + (s.length - 2) + " words does not fit a context of "
                        + arch.context() + " tokens (<bos> and <eos> included): '" + t + "'");
            }
            out.add(s);
        }
        return out;
    }

    /** Linear warm-up to {@code peak}, then a cosine decay to a tenth of it at {@code total} steps. */
    static Tracker schedule(double peak, int warmup, int total) {
        return update -> {
            if (update < warmup) {
                return (float) (peak * (update + 1) / warmup);
            }
            double progress = Math.min(1, (update - warmup) / (double) Math.max(1, total - warmup));
            return (float) (peak * (0.1 + 0.45 * (1 + Math.cos(Math.PI * progress))));
        };
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }
}
