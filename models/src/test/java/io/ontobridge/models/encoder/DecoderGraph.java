package io.ontobridge.models.encoder;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny GPT-2-shaped decoder-only transformer, written as an ONNX graph the way a PyTorch export of a Hugging Face
 * GPT-2 names its tensors, and computed again in plain Java on the same weights: what the decoder tests compare.
 *
 * <p>Token embedding (Gather on {@code wte}) plus position embedding (Gather on {@code wpe} by {@code position_ids},
 * or by positions 0..n-1 the graph makes itself), then {@link #BLOCKS} pre-LN blocks: LayerNormalization, two-head
 * causal self-attention (a causal bias sliced from a constant [positions, positions] table, plus the attention mask
 * as a large negative bias), residual Add ({@code /transformer/h.{i}/Add_output_0}), LayerNormalization, a ReLU MLP,
 * residual Add ({@code /transformer/h.{i}/Add_1_output_0}, the block's output); the final norm
 * ({@code /transformer/ln_f/LayerNormalization_output_0}) and {@code logits} by the tied token embedding.
 * Opset 17.
 *
 * <p>Why one class: the graph and its plain-Java twin share every weight and every tensor name, and reading them
 * side by side is how one checks that they compute the same thing.
 */
final class DecoderGraph {
    /** The vocabulary, by id; the tokenizer the tests write has the same. */
    static final List<String> WORDS = List.of("<pad>", "<unk>", "<bos>", "the", "cat", "sat", "on", "mat", "a",
            "dog", "ran", "far", "away", "and", "then", "home");
    static final int VOCAB = WORDS.size();
    static final int D = 8;
    static final int HEADS = 2;
    static final int HEAD_DIM = D / HEADS;
    static final int FF = 16;
    static final int BLOCKS = 2;
    static final int POSITIONS = 16;
    static final float EPS = 1e-5f;
    static final float MASKED = -1e9f;

    static final String EMBEDDINGS = "/transformer/Add_output_0";
    static final String FINAL_NORM = "/transformer/ln_f/LayerNormalization_output_0";

    /** The residual stream after block {@code i} (0-based). */
    static String block(int i) {
        return "/transformer/h." + i + "/Add_1_output_0";
    }

    /**
     * @param positionIds the graph takes {@code position_ids}; otherwise it counts positions itself
     * @param past        the graph takes {@code past_key_values.{i}.key/value} [batch, heads, past, head_dim] and
     *                    returns {@code present.{i}.*}, as a cached-generation ("with past") export does
     * @param extraInput  the name of one more (unused) float input, or null
     * @param mask        the graph takes {@code attention_mask}; without it only the causal bias hides later tokens
     */
    record Variant(boolean positionIds, boolean past, String extraInput, boolean mask) {
        static final Variant PLAIN = new Variant(true, false, null, true);

        Variant(boolean positionIds, boolean past, String extraInput) {
            this(positionIds, past, extraInput, true);
        }
    }

    final float[][] wte = new float[VOCAB][D];
    final float[][] wpe = new float[POSITIONS][D];
    final Block[] blocks = new Block[BLOCKS];
    final float[] lnfGain = new float[D];
    final float[] lnfBias = new float[D];

    static final class Block {
        final float[] ln1Gain = new float[D], ln1Bias = new float[D], ln2Gain = new float[D], ln2Bias = new float[D];
        final float[][] wq = new float[D][D], wk = new float[D][D], wv = new float[D][D], wo = new float[D][D];
        final float[] bq = new float[D], bk = new float[D], bv = new float[D], bo = new float[D];
        final float[][] w1 = new float[D][FF], w2 = new float[FF][D];
        final float[] b1 = new float[FF], b2 = new float[D];
    }

    DecoderGraph(long seed) {
        Random random = new Random(seed);
        fill(random, 0.5, wte);
        fill(random, 0.5, wpe);
        for (int i = 0; i < BLOCKS; i++) {
            Block b = new Block();
            gain(random, b.ln1Gain, b.ln1Bias);
            gain(random, b.ln2Gain, b.ln2Bias);
            fill(random, 0.4, b.wq, b.wk, b.wv, b.wo, b.w1, b.w2);
            fill(random, 0.1, b.bq, b.bk, b.bv, b.bo, b.b1, b.b2);
            blocks[i] = b;
        }
        gain(random, lnfGain, lnfBias);
    }

    private static void fill(Random random, double scale, float[]... arrays) {
        for (float[] a : arrays) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (random.nextGaussian() * scale);
            }
        }
    }

    private static void fill(Random random, double scale, float[][]... matrices) {
        for (float[][] m : matrices) {
            fill(random, scale, m);
        }
    }

    private static void gain(Random random, float[] gain, float[] bias) {
        for (int i = 0; i < gain.length; i++) {
            gain[i] = (float) (1 + 0.2 * random.nextGaussian());
            bias[i] = (float) (0.1 * random.nextGaussian());
        }
    }

    // ---------------------------------------------------------------- the same model in plain Java

    /**
     * Every named state for one text (no padding, no batch): {@link #EMBEDDINGS}, each block's
     * {@code Add_output_0} and {@code Add_1_output_0}, and {@link #FINAL_NORM}, each [tokens][D].
     */
    Map<String, float[][]> forward(int[] ids) {
        int n = ids.length;
        Map<String, float[][]> states = new LinkedHashMap<>();
        float[][] x = new float[n][D];
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < D; k++) {
                x[t][k] = wte[ids[t]][k] + wpe[t][k];
            }
        }
        states.put(EMBEDDINGS, x);
        for (int i = 0; i < BLOCKS; i++) {
            Block b = blocks[i];
            float[][] h = norm(x, b.ln1Gain, b.ln1Bias);
            float[][] q = affine(h, b.wq, b.bq);
            float[][] kk = affine(h, b.wk, b.bk);
            float[][] v = affine(h, b.wv, b.bv);
            float[][] context = new float[n][D];
            for (int head = 0; head < HEADS; head++) {
                int off = head * HEAD_DIM;
                for (int t = 0; t < n; t++) {
                    double[] weights = new double[t + 1]; // causal: keys 0..t only
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        double dot = 0;
                        for (int k = 0; k < HEAD_DIM; k++) {
                            dot += q[t][off + k] * kk[s][off + k];
                        }
                        weights[s] = dot / Math.sqrt(HEAD_DIM);
                        max = Math.max(max, weights[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s <= t; s++) {
                        weights[s] = Math.exp(weights[s] - max);
                        sum += weights[s];
                    }
                    for (int s = 0; s <= t; s++) {
                        for (int k = 0; k < HEAD_DIM; k++) {
                            context[t][off + k] += (float) (weights[s] / sum * v[s][off + k]);
                        }
                    }
                }
            }
            float[][] x1 = add(x, affine(context, b.wo, b.bo));
            states.put("/transformer/h." + i + "/Add_output_0", x1);
            float[][] hidden = affine(norm(x1, b.ln2Gain, b.ln2Bias), b.w1, b.b1);
            for (float[] row : hidden) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = Math.max(0, row[k]);
                }
            }
            x = add(x1, affine(hidden, b.w2, b.b2));
            states.put(block(i), x);
        }
        states.put(FINAL_NORM, norm(x, lnfGain, lnfBias));
        return states;
    }

    /** The ids of a text as the word-level tokenizer reads it (no special tokens). */
    static int[] ids(String text) {
        return Arrays.stream(text.trim().split("\\s+")).mapToInt(w -> WORDS.contains(w) ? WORDS.indexOf(w) : 1)
                .toArray();
    }

    private static float[][] norm(float[][] x, float[] gain, float[] bias) {
        float[][] out = new float[x.length][D];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (float v : x[t]) {
                mean += v;
            }
            mean /= D;
            double var = 0;
            for (float v : x[t]) {
                var += (v - mean) * (v - mean);
            }
            var /= D;
            for (int k = 0; k < D; k++) {
                out[t][k] = (float) ((x[t][k] - mean) / Math.sqrt(var + EPS) * gain[k] + bias[k]);
            }
        }
        return out;
    }

    private static float[][] affine(float[][] x, float[][] w, float[] b) {
        float[][] out = new float[x.length][b.length];
        for (int t = 0; t < x.length; t++) {
            for (int j = 0; j < b.length; j++) {
                double sum = b[j];
                for (int k = 0; k < w.length; k++) {
                    sum += x[t][k] * w[k][j];
                }
                out[t][j] = (float) sum;
            }
        }
        return out;
    }

    private static float[][] add(float[][] a, float[][] b) {
        float[][] out = new float[a.length][a[0].length];
        for (int t = 0; t < a.length; t++) {
            for (int k = 0; k < a[t].length; k++) {
                out[t][k] = a[t][k] + b[t][k];
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- the ONNX graph

    /** Writes the graph of {@code variant} to {@code file}. */
    void write(Variant variant, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, model(variant).toByteArray());
    }

    ModelProto model(Variant variant) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("tiny-gpt");
        g.addInput(input("input_ids", TensorProto.DataType.INT64, "batch_size", "sequence_length"));
        if (variant.mask()) {
            g.addInput(input("attention_mask", TensorProto.DataType.INT64, "batch_size", "total_sequence_length"));
        }
        if (variant.positionIds()) {
            g.addInput(input("position_ids", TensorProto.DataType.INT64, "batch_size", "sequence_length"));
        }
        if (variant.past()) {
            for (int i = 0; i < BLOCKS; i++) {
                for (String kv : List.of("key", "value")) {
                    g.addInput(input("past_key_values." + i + "." + kv, TensorProto.DataType.FLOAT,
                            "batch_size", HEADS, "past_sequence_length", HEAD_DIM));
                }
            }
        }
        if (variant.extraInput() != null) {
            g.addInput(input(variant.extraInput(), TensorProto.DataType.FLOAT, "batch_size"));
        }

        g.addInitializer(matrix("transformer.wte.weight", wte));
        g.addInitializer(matrix("transformer.wpe.weight", wpe));
        float[][] causal = new float[POSITIONS][POSITIONS];
        for (int r = 0; r < POSITIONS; r++) {
            for (int c = r + 1; c < POSITIONS; c++) {
                causal[r][c] = MASKED;
            }
        }
        g.addInitializer(matrix("transformer.causal_bias", causal));
        g.addInitializer(longs("/transformer/Constant_zero", new long[] {0}, 1));
        g.addInitializer(longs("/transformer/Constant_axes01", new long[] {0, 1}, 2));
        g.addInitializer(longs("/transformer/Constant_axes12", new long[] {1, 2}, 2));
        g.addInitializer(longs("/transformer/Constant_split_heads", new long[] {0, 0, HEADS, HEAD_DIM}, 4));
        g.addInitializer(longs("/transformer/Constant_merge_heads", new long[] {0, 0, D}, 3));
        g.addInitializer(scalar("/transformer/Constant_one", 1f));
        g.addInitializer(scalar("/transformer/Constant_masked", MASKED));
        g.addInitializer(scalar("/transformer/Constant_scale", (float) (1 / Math.sqrt(HEAD_DIM))));

        // Embeddings: token + position.
        node(g, "Gather", "/transformer/wte/Gather", List.of("transformer.wte.weight", "input_ids"));
        String positions;
        if (variant.positionIds()) {
            positions = "position_ids";
        } else {
            node(g, "Shape", "/transformer/Shape", List.of("input_ids"), intAttr("start", 1), intAttr("end", 2));
            node(g, "Squeeze", "/transformer/Squeeze", List.of("/transformer/Shape_output_0", "/transformer/Constant_zero"));
            g.addInitializer(longs("/transformer/Constant_start", new long[] {0}));
            g.addInitializer(longs("/transformer/Constant_delta", new long[] {1}));
            node(g, "Range", "/transformer/Range",
                    List.of("/transformer/Constant_start", "/transformer/Squeeze_output_0", "/transformer/Constant_delta"));
            positions = "/transformer/Range_output_0";
        }
        node(g, "Gather", "/transformer/wpe/Gather", List.of("transformer.wpe.weight", positions));
        node(g, "Add", "/transformer/Add", List.of("/transformer/wte/Gather_output_0", "/transformer/wpe/Gather_output_0"));

        // The attention bias every block adds: the mask's padding and the causal table's upper triangle.
        String keys = variant.mask() ? "attention_mask" : "input_ids"; // past + new tokens
        node(g, "Shape", "/transformer/Shape_1", List.of("input_ids"), intAttr("start", 1), intAttr("end", 2));
        node(g, "Shape", "/transformer/Shape_2", List.of(keys), intAttr("start", 1), intAttr("end", 2));
        // Query rows past..past+n-1 of the causal table, key columns 0..past+n-1.
        node(g, "Sub", "/transformer/Sub_1", List.of("/transformer/Shape_2_output_0", "/transformer/Shape_1_output_0"));
        node(g, "Concat", "/transformer/Concat", List.of("/transformer/Sub_1_output_0", "/transformer/Constant_zero"),
                intAttr("axis", 0));
        node(g, "Concat", "/transformer/Concat_1", List.of("/transformer/Shape_2_output_0", "/transformer/Shape_2_output_0"),
                intAttr("axis", 0));
        node(g, "Slice", "/transformer/Slice", List.of("transformer.causal_bias", "/transformer/Concat_output_0",
                "/transformer/Concat_1_output_0", "/transformer/Constant_axes01"));
        String bias = "/transformer/Slice_output_0";
        if (variant.mask()) {
            node(g, "Cast", "/transformer/Cast", List.of("attention_mask"), intAttr("to", TensorProto.DataType.FLOAT_VALUE));
            node(g, "Sub", "/transformer/Sub", List.of("/transformer/Constant_one", "/transformer/Cast_output_0"));
            node(g, "Mul", "/transformer/Mul", List.of("/transformer/Sub_output_0", "/transformer/Constant_masked"));
            node(g, "Unsqueeze", "/transformer/Unsqueeze", List.of("/transformer/Mul_output_0", "/transformer/Constant_axes12"));
            node(g, "Add", "/transformer/Add_1", List.of("/transformer/Unsqueeze_output_0", bias));
            bias = "/transformer/Add_1_output_0";
        }

        String x = EMBEDDINGS;
        for (int i = 0; i < BLOCKS; i++) {
            x = block(g, i, x, bias, variant.past());
        }
        g.addInitializer(vector("transformer.ln_f.weight", lnfGain));
        g.addInitializer(vector("transformer.ln_f.bias", lnfBias));
        node(g, "LayerNormalization", "/transformer/ln_f/LayerNormalization",
                List.of(x, "transformer.ln_f.weight", "transformer.ln_f.bias"), intAttr("axis", -1), floatAttr("epsilon", EPS));
        float[][] head = new float[D][VOCAB];
        for (int v = 0; v < VOCAB; v++) {
            for (int k = 0; k < D; k++) {
                head[k][v] = wte[v][k];
            }
        }
        g.addInitializer(matrix("lm_head.weight", head));
        g.addNode(NodeProto.newBuilder().setOpType("MatMul").setName("/lm_head/MatMul")
                .addInput(FINAL_NORM).addInput("lm_head.weight").addOutput("logits"));
        g.addOutput(output("logits"));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("ontobridge-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(g).build();
    }

    /** One pre-LN block; returns its output's name. */
    private String block(GraphProto.Builder g, int i, String x, String bias, boolean past) {
        Block b = blocks[i];
        String p = "/transformer/h." + i;
        String w = "transformer.h." + i;
        g.addInitializer(vector(w + ".ln_1.weight", b.ln1Gain)).addInitializer(vector(w + ".ln_1.bias", b.ln1Bias));
        g.addInitializer(vector(w + ".ln_2.weight", b.ln2Gain)).addInitializer(vector(w + ".ln_2.bias", b.ln2Bias));
        node(g, "LayerNormalization", p + "/ln_1/LayerNormalization", List.of(x, w + ".ln_1.weight", w + ".ln_1.bias"),
                intAttr("axis", -1), floatAttr("epsilon", EPS));
        String ln1 = p + "/ln_1/LayerNormalization_output_0";
        String[] heads = new String[3];
        String[] names = {"q", "k", "v"};
        float[][][] weights = {b.wq, b.wk, b.wv};
        float[][] biases = {b.bq, b.bk, b.bv};
        for (int j = 0; j < 3; j++) {
            String projected = linear(g, p + "/attn/" + names[j], w + ".attn." + names[j], ln1, weights[j], biases[j]);
            node(g, "Reshape", p + "/attn/Reshape_" + j, List.of(projected, "/transformer/Constant_split_heads"));
            node(g, "Transpose", p + "/attn/Transpose_" + j, List.of(p + "/attn/Reshape_" + j + "_output_0"),
                    intsAttr("perm", 0, 2, 1, 3));
            heads[j] = p + "/attn/Transpose_" + j + "_output_0"; // [batch, heads, tokens, head_dim]
        }
        if (past) { // a cached-generation export: past keys and values go before this step's; present.* come out
            for (int j = 1; j < 3; j++) {
                String kv = j == 1 ? "key" : "value";
                g.addNode(NodeProto.newBuilder().setOpType("Concat").setName(p + "/attn/Concat_" + j)
                        .addInput("past_key_values." + i + "." + kv).addInput(heads[j])
                        .addOutput("present." + i + "." + kv).addAttribute(intAttr("axis", 2)));
                g.addOutput(output("present." + i + "." + kv));
                heads[j] = "present." + i + "." + kv;
            }
        }
        node(g, "Transpose", p + "/attn/Transpose_3", List.of(heads[1]), intsAttr("perm", 0, 1, 3, 2));
        node(g, "MatMul", p + "/attn/MatMul", List.of(heads[0], p + "/attn/Transpose_3_output_0"));
        node(g, "Mul", p + "/attn/Mul", List.of(p + "/attn/MatMul_output_0", "/transformer/Constant_scale"));
        node(g, "Add", p + "/attn/Add", List.of(p + "/attn/Mul_output_0", bias));
        node(g, "Softmax", p + "/attn/Softmax", List.of(p + "/attn/Add_output_0"), intAttr("axis", -1));
        node(g, "MatMul", p + "/attn/MatMul_1", List.of(p + "/attn/Softmax_output_0", heads[2]));
        node(g, "Transpose", p + "/attn/Transpose_4", List.of(p + "/attn/MatMul_1_output_0"), intsAttr("perm", 0, 2, 1, 3));
        node(g, "Reshape", p + "/attn/Reshape_3", List.of(p + "/attn/Transpose_4_output_0", "/transformer/Constant_merge_heads"));
        String attention = linear(g, p + "/attn/c_proj", w + ".attn.c_proj", p + "/attn/Reshape_3_output_0", b.wo, b.bo);
        node(g, "Add", p + "/Add", List.of(x, attention));
        String x1 = p + "/Add_output_0";
        node(g, "LayerNormalization", p + "/ln_2/LayerNormalization", List.of(x1, w + ".ln_2.weight", w + ".ln_2.bias"),
                intAttr("axis", -1), floatAttr("epsilon", EPS));
        String fc = linear(g, p + "/mlp/c_fc", w + ".mlp.c_fc", p + "/ln_2/LayerNormalization_output_0", b.w1, b.b1);
        node(g, "Relu", p + "/mlp/act/Relu", List.of(fc));
        String mlp = linear(g, p + "/mlp/c_proj", w + ".mlp.c_proj", p + "/mlp/act/Relu_output_0", b.w2, b.b2);
        node(g, "Add", p + "/Add_1", List.of(x1, mlp));
        return block(i);
    }

    /** x W + b, as MatMul then Add; returns the Add's output. */
    private static String linear(GraphProto.Builder g, String scope, String weights, String x, float[][] w, float[] b) {
        g.addInitializer(matrix(weights + ".weight", w)).addInitializer(vector(weights + ".bias", b));
        node(g, "MatMul", scope + "/MatMul", List.of(x, weights + ".weight"));
        node(g, "Add", scope + "/Add", List.of(scope + "/MatMul_output_0", weights + ".bias"));
        return scope + "/Add_output_0";
    }

    /** A node named like a PyTorch export's: its one output is {@code name + "_output_0"}. */
    private static void node(GraphProto.Builder g, String op, String name, List<String> inputs, AttributeProto... attrs) {
        g.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name + "_output_0")
                .addAllAttribute(List.of(attrs)));
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /** A graph input; each dimension a name (symbolic) or an Integer (fixed). */
    private static ValueInfoProto input(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            shape.addDim(dim instanceof Integer n ? TensorShapeProto.Dimension.newBuilder().setDimValue(n)
                    : TensorShapeProto.Dimension.newBuilder().setDimParam((String) dim));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    private static ValueInfoProto output(String name) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))).build();
    }

    private static TensorProto matrix(String name, float[][] m) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(m.length).addDims(m[0].length);
        for (float[] row : m) {
            for (float v : row) {
                t.addFloatData(v);
            }
        }
        return t.build();
    }

    private static TensorProto vector(String name, float[] v) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(v.length);
        for (float x : v) {
            t.addFloatData(x);
        }
        return t.build();
    }

    private static TensorProto scalar(String name, float v) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(v).build();
    }

    /** An int64 tensor: a scalar without dims, else of the one length given. */
    private static TensorProto longs(String name, long[] values, int... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
        for (int d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    /**
     * A word-level Hugging Face tokenizer.json over {@link #WORDS}: whitespace split, unknown words as
     * {@code <unk>}; with {@code bos}, a TemplateProcessing post-processor puts {@code <bos>} before every text
     * (as Llama-style tokenizers do), else there is none (as in GPT-2's, which adds no special tokens).
     */
    static String tokenizerJson(boolean bos) {
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < WORDS.size(); i++) {
            vocab.append(i == 0 ? "" : ", ").append('"').append(WORDS.get(i)).append("\": ").append(i);
        }
        String added = String.join(", ", List.of(special(0, "<pad>"), special(1, "<unk>"), special(2, "<bos>")));
        String post = !bos ? "null" : """
                {"type": "TemplateProcessing",
                 "single": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                 "pair": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                          {"Sequence": {"id": "B", "type_id": 1}}],
                 "special_tokens": {"<bos>": {"id": "<bos>", "ids": [2], "tokens": ["<bos>"]}}}""";
        return """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [%s],
                 "normalizer": null,
                 "pre_tokenizer": {"type": "WhitespaceSplit"},
                 "post_processor": %s,
                 "decoder": null,
                 "model": {"type": "WordLevel", "vocab": {%s}, "unk_token": "<unk>"}}
                """.formatted(added, post, vocab);
    }

    private static String special(int id, String content) {
        return "{\"id\": " + id + ", \"content\": \"" + content + "\", \"single_word\": false, \"lstrip\": false,"
                + " \"rstrip\": false, \"normalized\": false, \"special\": true}";
    }
}
