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
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.ontobridge.models.zoo.Introspection;
import io.ontobridge.models.zoo.ModelMetadata;
import io.ontobridge.models.zoo.ParameterFile;
import io.ontobridge.models.zoo.Nets;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.models.zoo.TrainOptions;
import io.ontobridge.models.zoo.Vae;
import io.ontobridge.worlds.shapes.Png;
import io.ontobridge.worlds.shapes.World;
import io.ontobridge.worlds.shapes.WorldConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a zoo model on images of a shapes world with DJL's PyTorch engine (CPU) and saves it:
 * {@code model.params} (DJL block parameters) and {@code model.json} ({@link ModelMetadata}).
 *
 * <p>Deterministic for a seed on one machine: the images, the initialization, the shuffling and the
 * VAE's noise all derive from it (PyTorch's own threading may still change the last bits).
 * Not thread-safe: PyTorch allows one gradient collector per JVM at a time.
 */
public final class ZooTrainer {
    /** Fresh world samples for the VAE's introspection, and the offset of their seed from the training seed. */
    static final int INTROSPECTION_SAMPLES = 2000;
    static final long INTROSPECTION_SEED_OFFSET = 1_000_003L;
    private static final Logger LOG = LoggerFactory.getLogger(ZooTrainer.class);
    private static final int PIXELS = Nets.IMAGE_SIZE * Nets.IMAGE_SIZE;

    private final Consumer<String> log;

    public ZooTrainer() {
        this(LOG::info);
    }

    /** @param log receives one line per epoch and a summary */
    public ZooTrainer(Consumer<String> log) {
        this.log = log;
    }

    /** Images of a world as the models see them (PNG-quantized), with the class index the world labels them with. */
    record Data(float[] pixels, int[] labels, int n) {
        static Data generate(WorldConfig world, long seed, int n) {
            if (world.imageSize() != Nets.IMAGE_SIZE) {
                throw new IllegalArgumentException("the zoo's models take " + Nets.IMAGE_SIZE + "x" + Nets.IMAGE_SIZE
                        + " images; the world has image_size " + world.imageSize());
            }
            World w = new World(world, seed);
            float[] pixels = new float[n * PIXELS];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                World.View v = w.next();
                System.arraycopy(Png.quantize(v.pixels()), 0, pixels, i * PIXELS, PIXELS);
                labels[i] = world.label(v.scene()).ordinal(); // the world's label rules decide what it is called
            }
            return new Data(pixels, labels, n);
        }
    }

    /** Trains {@code architecture} ({@code vae} or {@code cnn}) and saves it into {@code outDir}. */
    public ModelMetadata train(String architecture, WorldConfig world, long seed, TrainOptions opts, Path outDir) {
        long start = System.nanoTime();
        guard = new GradientGuard();
        Map<String, Object> hyper = opts.hyper(architecture);
        Nets.LayeredNet net = Nets.build(architecture, hyper);
        Data data = Data.generate(world, seed, opts.samples());
        log.accept(String.format("%s: %d images of the world generated in %.1f s", architecture, data.n(),
                (System.nanoTime() - start) / 1e9));
        Engine.getEngine(ShapesModel.ENGINE).setRandomSeed((int) seed);
        List<ModelMetadata.EpochLog> epochs = new ArrayList<>();
        byte[] params;
        try (Model model = Model.newInstance(architecture, Device.cpu(), ShapesModel.ENGINE)) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()) // required, unused: losses below
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) opts.learningRate())).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                int b = opts.batchSize();
                Shape imageShape = new Shape(b, 1, Nets.IMAGE_SIZE, Nets.IMAGE_SIZE);
                if (net instanceof Vae vae) {
                    trainer.initialize(imageShape, new Shape(b, vae.latentSize()));
                } else {
                    trainer.initialize(imageShape);
                }
                Random shuffle = new Random(seed);
                int[] order = new int[data.n()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                for (int epoch = 1; epoch <= opts.epochs(); epoch++) {
                    epochs.add(runEpoch(trainer, net, data, order, shuffle, opts, epoch));
                }
                params = ShapesModel.serialize(net);
            }
        }
        String sha256 = ParameterFile.write(outDir, params);
        double wall = (System.nanoTime() - start) / 1e9;
        ModelMetadata meta = new ModelMetadata(1, architecture, hyper, opts, world, seed, data.n(), epochs,
                Math.round(wall * 10) / 10.0, ModelMetadata.PARAMS, sha256, null);
        if (architecture.equals("vae")) {
            // Which unit tracks which factor: measured on fresh samples of the same world.
            meta.write(outDir);
            try (ShapesModel loaded = ShapesModel.load(outDir)) {
                Introspection.Result result = Introspection.run(loaded::encodeMean, world,
                        seed + INTROSPECTION_SEED_OFFSET, INTROSPECTION_SAMPLES);
                meta = new ModelMetadata(1, architecture, hyper, opts, world, seed, data.n(), epochs, meta.wallSeconds(),
                        ModelMetadata.PARAMS, meta.paramsSha256(), result);
                log.accept("introspection (Pearson r of latent means with the factors):\n" + Introspection.table(result));
            }
        }
        meta.write(outDir);
        log.accept(String.format("%s: trained in %.1f s, final loss %.4f, saved to %s (sha256 %s)", architecture, wall,
                meta.finalLoss(), outDir, meta.paramsSha256().substring(0, 12)));
        return meta;
    }

    private ModelMetadata.EpochLog runEpoch(Trainer trainer, Nets.LayeredNet net, Data data, int[] order, Random shuffle,
                                            TrainOptions opts, int epoch) {
        long t0 = System.nanoTime();
        shuffle(order, shuffle);
        int b = opts.batchSize();
        int steps = data.n() / b;
        double lossSum = 0, recSum = 0, klSum = 0, clsSum = 0, correct = 0;
        int skipped = 0, applied = 0, clipped = 0;
        float[] batch = new float[b * PIXELS];
        int[] labels = new int[b];
        for (int s = 0; s < steps; s++) {
            for (int k = 0; k < b; k++) {
                int idx = order[s * b + k];
                System.arraycopy(data.pixels(), idx * PIXELS, batch, k * PIXELS, PIXELS);
                labels[k] = data.labels()[idx];
            }
            try (NDManager bm = trainer.getManager().newSubManager()) {
                NDArray x = bm.create(FloatBuffer.wrap(batch), new Shape(b, 1, Nets.IMAGE_SIZE, Nets.IMAGE_SIZE));
                NDArray y = bm.create(labels).toType(DataType.INT64, false);
                float[] metrics; // loss, reconstruction, kl, classification, correct
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray loss;
                    if (net instanceof Vae vae) {
                        NDArray eps = bm.randomNormal(new Shape(b, vae.latentSize()));
                        NDList out = trainer.forward(new NDList(x, eps));
                        NDArray mean = out.get(0), logvar = out.get(1), logits = out.get(2);
                        // Bernoulli log-likelihood from logits, stable: softplus(l) - x*l, softplus via
                        // relu(l) + log(1 + exp(-|l|)) (there is no log1p on this engine).
                        NDArray softplus = ai.djl.nn.Activation.relu(logits).add(logits.abs().neg().exp().add(1).log());
                        NDArray rec = softplus.sub(logits.mul(x)).sum(new int[] {1, 2, 3});
                        NDArray kl = mean.square().add(logvar.exp()).sub(logvar).sub(1).sum(new int[] {1}).mul(0.5f);
                        NDArray perImage = rec.add(kl.mul((float) opts.beta()));
                        metrics = new float[] {0, rec.mean().getFloat(), kl.mean().getFloat(), 0, 0};
                        if (vae.classes() > 0) {
                            // The class head (on the latent mean): cross-entropy with the world's shape labels.
                            NDArray classLogits = out.get(3);
                            NDArray ce = crossEntropy(classLogits, y);
                            perImage = perImage.add(ce.mul((float) opts.classWeight()));
                            metrics[3] = ce.mean().getFloat();
                            metrics[4] = correct(classLogits, y);
                        }
                        loss = perImage.mean();
                    } else {
                        NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                        loss = crossEntropy(logits, y).mean();
                        metrics = new float[] {0, 0, 0, 0, correct(logits, y)};
                    }
                    metrics[0] = loss.getFloat();
                    gc.backward(loss);
                }
                GradientGuard.Outcome outcome = guard.check(trainer, bm, Float.isFinite(metrics[0]));
                if (outcome == GradientGuard.Outcome.SKIPPED) {
                    skipped++;
                } else {
                    clipped += outcome == GradientGuard.Outcome.CLIPPED ? 1 : 0;
                    trainer.step();
                    applied++;
                    lossSum += metrics[0];
                    recSum += metrics[1];
                    klSum += metrics[2];
                    clsSum += metrics[3];
                    correct += metrics[4];
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int n = Math.max(applied, 1);
        boolean vae = net instanceof Vae;
        boolean head = !vae || ((Vae) net).classes() > 0;
        ModelMetadata.EpochLog entry = new ModelMetadata.EpochLog(epoch, round(lossSum / n),
                vae ? round(recSum / n) : null, vae ? round(klSum / n) : null,
                vae && head ? round(clsSum / n) : null,
                head ? round(correct / ((double) n * b)) : null, skipped, clipped, Math.round(seconds * 10) / 10.0);
        String detail = !vae ? String.format(" (accuracy %.4f)", entry.accuracy())
                : String.format(" (reconstruction %.2f, kl %.2f%s)", entry.reconstruction(), entry.kl(),
                        head ? String.format(", class cross-entropy %.4f, class accuracy %.4f", entry.classification(),
                                entry.accuracy()) : "");
        log.accept(String.format("epoch %d/%d: loss %.4f%s, %d steps skipped, %d clipped, %.1f s", epoch, opts.epochs(),
                entry.loss(), detail, skipped, clipped, seconds));
        return entry;
    }

    /** Per-example cross-entropy of logits {@code [b, classes]} against class indices {@code y} (INT64). */
    private static NDArray crossEntropy(NDArray logits, NDArray y) {
        return logits.logSoftmax(1).mul(y.oneHot((int) logits.getShape().get(1))).sum(new int[] {1}).neg();
    }

    private static float correct(NDArray logits, NDArray y) {
        return logits.argMax(1).toType(DataType.INT64, false).eq(y).sum().getLong();
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }

    /** The step guard of the current training run (non-finite steps skipped, spikes clipped). */
    private GradientGuard guard = new GradientGuard();

    /** Fisher-Yates: a fresh order of the training set each epoch, from the training seed's random source. */
    static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
