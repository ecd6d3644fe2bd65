package io.ontobridge.models.lm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import io.ontobridge.models.zoo.ModelMetadata;
import io.ontobridge.models.zoo.ParameterFile;
import io.ontobridge.platform.concept.Pooling;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.models.zoo.Stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A word-level language model of the zoo loaded for inference (DJL, PyTorch engine, CPU): read its residual
 * stream ({@link #read}), run it steered ({@link Steering}), sample continuations ({@link #generate}).
 *
 * <p>A text is read as the model was trained on it: {@code <bos>}, its words, {@code <eos>}; positions count
 * from {@code <bos>} at 0. Layers are {@link Transformer#layerNames()}: {@code resid.0} (the embeddings) ..
 * {@code resid.N} (after the last block), and {@code final} (after the final LayerNorm).
 *
 * <p>Thread safety: an instance is not thread-safe; use one instance per thread (loading is cheap).
 */
public final class LanguageModel implements AutoCloseable {
    private static final int BATCH = 128;

    private final LmMetadata metadata;
    private final String sha256;
    private final WordVocabulary vocabulary;
    private final NDManager manager;
    private final Transformer net;
    private final ParameterStore store;

    private LanguageModel(LmMetadata metadata, String sha256, NDManager manager, Transformer net) {
        this.metadata = metadata;
        this.sha256 = sha256;
        this.vocabulary = metadata.wordVocabulary();
        this.manager = manager;
        this.net = net;
        this.store = new ParameterStore(manager, false);
    }

    /** Loads a model folder ({@code model.json} + parameters), checking the parameters' sha256. */
    public static LanguageModel load(Path dir) {
        return load(dir, null);
    }

    /** Loads a model folder; with {@code expectedSha256} (a pin) the parameter file must have exactly that sha256. */
    public static LanguageModel load(Path dir, String expectedSha256) {
        LmMetadata meta = LmMetadata.read(dir);
        ParameterFile params = ParameterFile.read(dir, meta.paramsFile(), meta.paramsSha256(), expectedSha256);
        byte[] bytes = params.bytes();
        String actual = params.sha256();
        NDManager manager = NDManager.newBaseManager(Device.cpu(), ShapesModel.ENGINE);
        try {
            Transformer net = newNet(meta.lmArchitecture(), meta.vocabulary().size(), manager);
            net.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes)));
            return new LanguageModel(meta, actual, manager, net);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IllegalArgumentException("zoo model " + dir + ": cannot load parameters: " + e.getMessage(), e);
        }
    }

    /**
     * An untrained model with seeded random parameters (as training starts from): the control "the same read-out
     * of a randomly initialized copy", and a model for tests.
     */
    public static LanguageModel initialize(LmArchitecture arch, WordVocabulary vocabulary, long seed) {
        return fresh(arch, vocabulary, seed, null, null);
    }

    /**
     * The same architecture and vocabulary with fresh seeded parameters; the metadata keeps the corpus and world it
     * was trained on, without the training log.
     */
    public LanguageModel randomInitCopy(long seed) {
        return fresh(architecture(), vocabulary, seed, metadata.corpus(), metadata.world());
    }

    private static LanguageModel fresh(LmArchitecture arch, WordVocabulary vocabulary, long seed, String corpus,
                                       JsonNode world) {
        Engine.getEngine(ShapesModel.ENGINE).setRandomSeed((int) seed);
        NDManager m = NDManager.newBaseManager(Device.cpu(), ShapesModel.ENGINE);
        Transformer net = newNet(arch, vocabulary.size(), m);
        LmMetadata meta = new LmMetadata(1, LmMetadata.ARCHITECTURE, arch.hyper(), vocabulary.tokens(), null, corpus,
                world, seed, 0, null, List.of(), 0, ModelMetadata.PARAMS, Stats.sha256(serialize(net)));
        return new LanguageModel(meta, meta.paramsSha256(), m, net);
    }

    /**
     * GPT-2's initialization of every weight (embeddings included): N(0, 0.02^2); biases start at 0, norms' gains
     * at 1. The first predictions are then nearly uniform: the loss starts near log(vocabulary size).
     */
    public static Initializer initializer() {
        return new NormalInitializer(0.02f);
    }

    /** A {@link Transformer} with initialized parameters ({@link #initializer()}). */
    public static Transformer newNet(LmArchitecture arch, int vocabularySize, NDManager manager) {
        Transformer net = new Transformer(arch, vocabularySize);
        net.setInitializer(initializer(), Parameter.Type.WEIGHT);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, arch.context()));
        return net;
    }

    /** Writes this model as a zoo model folder: {@code model.params} and {@code model.json} with its sha256. */
    public void saveTo(Path dir) {
        String written = ParameterFile.write(dir, serialize(net));
        LmMetadata m = metadata;
        new LmMetadata(m.format(), m.architecture(), m.hyper(), m.vocabulary(), m.training(), m.corpus(), m.world(),
                m.seed(), m.texts(), m.heldOutSeen(), m.epochs(), m.wallSeconds(), ModelMetadata.PARAMS, written).write(dir);
    }

    /** The parameters of {@code net} as the zoo stores them ({@code model.params}). */
    public static byte[] serialize(Transformer net) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            net.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public LmMetadata metadata() {
        return metadata;
    }

    /** sha256 of the parameters (of the file for a loaded model). */
    public String sha256() {
        return sha256;
    }

    public WordVocabulary vocabulary() {
        return vocabulary;
    }

    /** The DJL block itself, for {@link OnnxExport}, which reads its parameters. */
    Transformer net() {
        return net;
    }

    public LmArchitecture architecture() {
        return net.architecture();
    }

    /** The residual stream's width: every read-out's length. */
    public int width() {
        return architecture().width();
    }

    /** {@code resid.0} .. {@code resid.N}, {@code final}. */
    public List<String> layerNames() {
        return net.layerNames();
    }

    /** One layer's read-out, pooled: one {@code float[width]} per text. */
    public float[][] read(List<String> texts, String layer, Pooling pooling) {
        return read(texts, List.of(layer), pooling, null).get(layer);
    }

    /**
     * Several layers' read-outs from one forward pass per batch, pooled, optionally steered (a steered layer's
     * read-out includes the steering; the layers before it are unchanged).
     *
     * @return per layer (in the order asked), one {@code float[width]} per text
     */
    public Map<String, float[][]> read(List<String> texts, List<String> layers, Pooling pooling, Steering steering) {
        int[] index = layers.stream().mapToInt(net::layerIndex).toArray();
        int d = width();
        Map<String, float[][]> out = new LinkedHashMap<>();
        for (String layer : layers) {
            out.put(layer, new float[texts.size()][]);
        }
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<int[]> seqs = sequences(texts.subList(from, Math.min(texts.size(), from + BATCH)));
            try (NDManager bm = manager.newSubManager()) {
                Padded batch = Padded.of(seqs);
                Transformer.Trace trace = net.run(store, batch.ids(bm), false, steering, true);
                for (int k = 0; k < layers.size(); k++) {
                    float[] flat = trace.stream().get(index[k]).toFloatArray();
                    float[][] rows = out.get(layers.get(k));
                    for (int i = 0; i < seqs.size(); i++) {
                        rows[from + i] = pooling.pool(flat, i * batch.tokens() * d, seqs.get(i).length, d);
                    }
                }
            }
        }
        return out;
    }

    /** One layer's state at every position of one text: {@code [tokens][width]}, {@code <bos>} at 0, {@code <eos>} last. */
    public float[][] tokenStates(String text, String layer) {
        int index = net.layerIndex(layer);
        int[] seq = sequences(List.of(text)).get(0);
        int d = width();
        try (NDManager bm = manager.newSubManager()) {
            float[] flat = net.run(store, Padded.of(List.of(seq)).ids(bm), false, null, true).stream().get(index).toFloatArray();
            float[][] out = new float[seq.length][];
            for (int p = 0; p < seq.length; p++) {
                out[p] = java.util.Arrays.copyOfRange(flat, p * d, (p + 1) * d);
            }
            return out;
        }
    }

    /**
     * The mean cross-entropy (nats per predicted token) of the texts' words and closing {@code <eos>}: the loss
     * the trainer reports as held-out loss.
     */
    public double nextTokenLoss(List<String> texts) {
        double sum = 0;
        long count = 0;
        for (int from = 0; from < texts.size(); from += BATCH) {
            TokenBatch batch = TokenBatch.of(sequences(texts.subList(from, Math.min(texts.size(), from + BATCH))));
            try (NDManager bm = manager.newSubManager()) {
                NDArray logits = net.run(store, batch.inputs(bm), false, null, false).logits();
                sum += TokenBatch.nll(logits, batch.targets(bm)).mul(batch.mask(bm)).sum().getFloat();
                count += batch.count();
            }
        }
        return sum / Math.max(count, 1);
    }

    /**
     * Samples a continuation of each prompt (batched; seeded: the same seed, prompts and options give the same
     * continuations, and prompt i's draw depends only on the seed and i). Positions of a steering count from
     * {@code <bos>}, so {@code steering.from(promptLength + 1)} leaves the prompt alone.
     *
     * @param prompts  texts to continue ("" starts from {@code <bos>} alone)
     * @param steering a vector added to the residual stream at every step (null: none)
     */
    public List<Continuation> generate(List<String> prompts, SamplingOptions options, long seed, Steering steering) {
        return new Generation(this, options, seed, steering).run(prompts);
    }

    /** The texts as the model reads them, checked against the context. */
    List<int[]> sequences(List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            int[] s = vocabulary.encodeSequence(t);
            if (s.length > architecture().context()) {
                throw new IllegalArgumentException("a text of " + (s.length - 2) + " words is longer than the model's context of "
                        + architecture().context() + " tokens (<bos> and <eos> included): '" + t + "'");
            }
            out.add(s);
        }
        return out;
    }

    /** Next-token logits at the last position of each sequence (not padded further), steered or not. */
    float[][] lastLogits(List<int[]> seqs, Steering steering) {
        float[][] out = new float[seqs.size()][];
        try (NDManager bm = manager.newSubManager()) {
            Padded batch = Padded.of(seqs);
            NDArray logits = net.run(store, batch.ids(bm), false, steering, false).logits();
            int v = vocabulary.size();
            long[] rowsAt = new long[seqs.size()];
            for (int i = 0; i < seqs.size(); i++) {
                rowsAt[i] = (long) i * batch.tokens() + seqs.get(i).length - 1;
            }
            float[] flat = logits.reshape(-1, v).get(bm.create(rowsAt)).toFloatArray();
            for (int i = 0; i < seqs.size(); i++) {
                out[i] = java.util.Arrays.copyOfRange(flat, i * v, (i + 1) * v);
            }
        }
        return out;
    }

    /** Sequences right-padded with {@code <pad>} to the longest. */
    record Padded(long[] flat, int rows, int tokens) {
        static Padded of(List<int[]> seqs) {
            int t = seqs.stream().mapToInt(s -> s.length).max().orElse(1);
            long[] flat = new long[seqs.size() * t];
            for (int i = 0; i < seqs.size(); i++) {
                int[] s = seqs.get(i);
                for (int p = 0; p < s.length; p++) {
                    flat[i * t + p] = s[p];
                }
            }
            return new Padded(flat, seqs.size(), t);
        }

        NDArray ids(NDManager m) {
            return m.create(flat, new Shape(rows, tokens));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
