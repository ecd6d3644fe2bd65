package io.ontobridge.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ontobridge.models.zoo.Stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ontobridge.models.lm.OnnxGraph.floatAttr;
import static io.ontobridge.models.lm.OnnxGraph.intAttr;
import static io.ontobridge.models.lm.OnnxGraph.intsAttr;

/**
 * Writes a zoo language model as an ONNX decoder and a Hugging Face {@code tokenizer.json}, so that it runs as a
 * {@code kind: text} model on ONNX Runtime ({@code TextEncoder}) or outside the project.
 *
 * <p>The graph computes what {@link Transformer} and {@link DecoderBlock} compute, op for op: token plus learned
 * position embeddings; per block {@code x + proj(attention(ln1(x)))} with one fused qkv projection split in three,
 * scores scaled by 1/sqrt(head width) plus a -1e9 causal bias, softmax; then {@code x + fc2(gelu(fc1(ln2(x))))} with
 * GELU in its erf form (DJL's {@code Activation.gelu} on PyTorch is {@code torch.gelu}, exact); the final LayerNorm
 * (eps 1e-5, DJL's default) and the linear head. DJL's Linear weights are {@code [out, in]}: transposed for MatMul.
 * The {@code attention_mask} adds -1e9 at padded keys, which with right padding and causal attention never touches
 * a real token (the Java model pads right and has no mask).
 *
 * <p>Inputs {@code input_ids} and {@code attention_mask}, int64 {@code [batch, sequence]}; output {@code logits}.
 * The residual stream is named as in PyTorch exports of GPT-2 ({@link #tensorName}), so a spec's {@code layer} is
 * one of those names. The tokenizer splits on whitespace, maps words by the model's vocabulary (unknown ones to
 * {@code <unk>}) and wraps a text in {@code <bos>} ... {@code <eos>}, as {@link WordVocabulary#encodeSequence} does:
 * token positions match.
 */
public final class OnnxExport {
    public static final String MODEL_FILE = "model.onnx";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    /** {@code resid.0}: the embeddings' sum. */
    public static final String EMBEDDINGS = "/transformer/Add_output_0";
    /** {@code final}: the final LayerNorm's output. */
    public static final String FINAL_NORM = "/transformer/ln_f/LayerNormalization_output_0";
    static final int OPSET = 17; // LayerNormalization is an ONNX op from 17 on
    private static final float MASKED = -1e9f; // DecoderBlock's
    private static final float EPS = 1e-5f; // DJL LayerNorm's default

    private OnnxExport() {
    }

    /**
     * What was written: the two files, the ONNX file's sha256 (a spec's pin) and, per read-out name of the model, the
     * tensor to use as a spec's layer.
     */
    public record Exported(Path model, Path tokenizer, String sha256, Map<String, String> layers) {
    }

    /** The ONNX tensor holding read-out {@code layer} ({@code resid.0} .. {@code resid.N}, {@code final}). */
    public static String tensorName(String layer, int blocks) {
        if (layer.equals(Transformer.FINAL)) {
            return FINAL_NORM;
        }
        int l = layer.startsWith("resid.") ? parse(layer.substring("resid.".length())) : -1;
        if (l < 0 || l > blocks) {
            throw new IllegalArgumentException("no layer '" + layer + "' in a language model of " + blocks + " blocks");
        }
        return l == 0 ? EMBEDDINGS : "/transformer/h." + (l - 1) + "/Add_1_output_0";
    }

    private static int parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Writes {@link #MODEL_FILE} and {@link #TOKENIZER_FILE} into {@code dir} (created if missing). */
    public static Exported export(LanguageModel model, Path dir) {
        Map<String, String> layers = new LinkedHashMap<>();
        for (String layer : model.layerNames()) {
            layers.put(layer, tensorName(layer, model.architecture().layers()));
        }
        try {
            Files.createDirectories(dir);
            Path onnx = dir.resolve(MODEL_FILE);
            byte[] bytes = graph(model).toByteArray();
            Files.write(onnx, bytes);
            Path tokenizer = dir.resolve(TOKENIZER_FILE);
            Files.writeString(tokenizer, tokenizerJson(model.vocabulary()));
            return new Exported(onnx, tokenizer, Stats.sha256(bytes), layers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ONNX export to " + dir, e);
        }
    }

    /** The model as an ONNX graph (opset {@value #OPSET}). */
    static ModelProto graph(LanguageModel model) {
        Transformer net = model.net();
        LmArchitecture arch = net.architecture();
        int d = arch.width();
        int heads = arch.heads();
        OnnxGraph g = new OnnxGraph("ontobridge-lm");
        g.input("input_ids", TensorProto.DataType.INT64, "batch_size", "sequence_length");
        g.input("attention_mask", TensorProto.DataType.INT64, "batch_size", "sequence_length");

        String wte = g.floats("transformer.wte.weight", param(child(net, "tokens"), "embedding"), net.vocabularySize(), d);
        String wpe = g.floats("transformer.wpe.weight", param(child(net, "positions"), "embedding"), arch.context(), d);
        String tokens = g.node("Gather", "/transformer/wte/Gather", List.of(wte, "input_ids"));
        // Positions 0..n-1 (learned embeddings), n read off the ids.
        String length = g.node("Shape", "/transformer/Shape", List.of("input_ids"), intAttr("start", 1), intAttr("end", 2));
        String n = g.node("Squeeze", "/transformer/Squeeze", List.of(length, g.longs("/transformer/Constant_axis0", new long[] {0}, 1)));
        String range = g.node("Range", "/transformer/Range", List.of(g.longs("/transformer/Constant_start", new long[] {0}), n,
                g.longs("/transformer/Constant_delta", new long[] {1})));
        String positions = g.node("Gather", "/transformer/wpe/Gather", List.of(wpe, range));
        String x = g.node("Add", "/transformer/Add", List.of(tokens, positions));

        // The bias every attention adds: DecoderBlock.causalMask's table, cut to n x n, plus -1e9 at padded keys.
        float[] causal = new float[arch.context() * arch.context()];
        for (int i = 0; i < arch.context(); i++) {
            for (int j = i + 1; j < arch.context(); j++) {
                causal[i * arch.context() + j] = MASKED;
            }
        }
        String table = g.floats("transformer.causal_bias", causal, arch.context(), arch.context());
        String ends = g.node("Concat", "/transformer/Concat", List.of(length, length), intAttr("axis", 0));
        String square = g.node("Slice", "/transformer/Slice", List.of(table, g.longs("/transformer/Constant_zeros",
                new long[] {0, 0}, 2), ends, g.longs("/transformer/Constant_axes01", new long[] {0, 1}, 2)));
        String mask = g.node("Cast", "/transformer/Cast", List.of("attention_mask"), intAttr("to", TensorProto.DataType.FLOAT_VALUE));
        String padded = g.node("Sub", "/transformer/Sub", List.of(g.floats("/transformer/Constant_one", new float[] {1}), mask));
        String padBias = g.node("Mul", "/transformer/Mul", List.of(padded, g.floats("/transformer/Constant_masked", new float[] {MASKED})));
        String keys = g.node("Unsqueeze", "/transformer/Unsqueeze", List.of(padBias,
                g.longs("/transformer/Constant_axes12", new long[] {1, 2}, 2))); // [batch, 1, 1, keys]
        String bias = g.node("Add", "/transformer/Add_1", List.of(keys, square)); // [batch, 1, queries, keys]

        g.longs("/transformer/Constant_split_heads", new long[] {0, 0, heads, d / heads}, 4);
        g.longs("/transformer/Constant_merge_heads", new long[] {0, 0, d}, 3);
        // DecoderBlock multiplies by the double 1/sqrt(dh), which PyTorch applies as a float scalar.
        g.floats("/transformer/Constant_scale", new float[] {(float) (1.0 / Math.sqrt(d / heads))});
        g.floats("/transformer/Constant_half", new float[] {0.5f});
        g.floats("/transformer/Constant_sqrt2", new float[] {(float) Math.sqrt(2)});
        int i = 0;
        for (Block block : children(net, "block")) {
            x = block(g, i++, block, x, bias);
        }
        Block lnf = child(net, "final_norm");
        String lnfGain = g.floats("transformer.ln_f.weight", param(lnf, "gamma"), d);
        String lnfBias = g.floats("transformer.ln_f.bias", param(lnf, "beta"), d);
        String normed = g.node("LayerNormalization", "/transformer/ln_f/LayerNormalization", List.of(x, lnfGain, lnfBias),
                intAttr("axis", -1), floatAttr("epsilon", EPS));
        if (!normed.equals(FINAL_NORM)) {
            throw new IllegalStateException("final norm named " + normed);
        }
        Block head = child(net, "head");
        String headWeight = g.floats("lm_head.weight", transposed(param(head, "weight"), net.vocabularySize(), d), d,
                net.vocabularySize());
        String headBias = g.floats("lm_head.bias", param(head, "bias"), net.vocabularySize());
        String product = g.node("MatMul", "/lm_head/MatMul", List.of(normed, headWeight));
        g.node("Add", "/lm_head/Add", List.of(product, headBias), List.of("logits"));
        g.output("logits", "batch_size", "sequence_length", "vocabulary");
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("ontobridge").setModelVersion(1)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(g.graph).build();
    }

    /** One {@link DecoderBlock}; returns the name of its output, the residual stream after it. */
    private static String block(OnnxGraph g, int i, Block block, String x, String bias) {
        String p = "/transformer/h." + i;
        String w = "transformer.h." + i;
        int d = param(child(block, "proj"), "bias").length;
        int mlp = param(child(block, "fc1"), "bias").length;
        String ln1 = layerNorm(g, p + "/ln_1", w + ".ln_1", child(block, "ln1"), x, d);
        String qkv = linear(g, p + "/attn/c_attn", w + ".attn.c_attn", child(block, "qkv"), ln1, d, 3 * d);
        List<String> parts = List.of(p + "/attn/Split_output_0", p + "/attn/Split_output_1", p + "/attn/Split_output_2");
        g.node("Split", p + "/attn/Split", List.of(qkv), parts, intAttr("axis", 2)); // equal thirds: q, k, v
        String[] split = new String[3];
        for (int j = 0; j < 3; j++) {
            split[j] = g.node("Reshape", p + "/attn/Reshape_" + j, List.of(parts.get(j), "/transformer/Constant_split_heads"));
        }
        String q = g.node("Transpose", p + "/attn/Transpose", List.of(split[0]), intsAttr("perm", 0, 2, 1, 3));
        String kT = g.node("Transpose", p + "/attn/Transpose_1", List.of(split[1]), intsAttr("perm", 0, 2, 3, 1));
        String v = g.node("Transpose", p + "/attn/Transpose_2", List.of(split[2]), intsAttr("perm", 0, 2, 1, 3));
        String scores = g.node("MatMul", p + "/attn/MatMul", List.of(q, kT));
        String scaled = g.node("Mul", p + "/attn/Mul", List.of(scores, "/transformer/Constant_scale"));
        String biased = g.node("Add", p + "/attn/Add", List.of(scaled, bias));
        String weights = g.node("Softmax", p + "/attn/Softmax", List.of(biased), intAttr("axis", -1));
        String mixed = g.node("MatMul", p + "/attn/MatMul_1", List.of(weights, v));
        String merged = g.node("Transpose", p + "/attn/Transpose_3", List.of(mixed), intsAttr("perm", 0, 2, 1, 3));
        String flat = g.node("Reshape", p + "/attn/Reshape_3", List.of(merged, "/transformer/Constant_merge_heads"));
        String attention = linear(g, p + "/attn/c_proj", w + ".attn.c_proj", child(block, "proj"), flat, d, d);
        String x1 = g.node("Add", p + "/Add", List.of(x, attention));
        String ln2 = layerNorm(g, p + "/ln_2", w + ".ln_2", child(block, "ln2"), x1, d);
        String fc = linear(g, p + "/mlp/c_fc", w + ".mlp.c_fc", child(block, "fc1"), ln2, d, mlp);
        // gelu(x) = x * 0.5 * (1 + erf(x / sqrt 2))
        String erf = g.node("Erf", p + "/mlp/act/Erf", List.of(g.node("Div", p + "/mlp/act/Div",
                List.of(fc, "/transformer/Constant_sqrt2"))));
        String onePlus = g.node("Add", p + "/mlp/act/Add", List.of(erf, "/transformer/Constant_one"));
        String half = g.node("Mul", p + "/mlp/act/Mul", List.of(fc, "/transformer/Constant_half"));
        String gelu = g.node("Mul", p + "/mlp/act/Mul_1", List.of(half, onePlus));
        String out = linear(g, p + "/mlp/c_proj", w + ".mlp.c_proj", child(block, "fc2"), gelu, mlp, d);
        return g.node("Add", p + "/Add_1", List.of(x1, out));
    }

    private static String layerNorm(OnnxGraph g, String scope, String weights, Block norm, String x, int d) {
        String gain = g.floats(weights + ".weight", param(norm, "gamma"), d);
        String bias = g.floats(weights + ".bias", param(norm, "beta"), d);
        return g.node("LayerNormalization", scope + "/LayerNormalization", List.of(x, gain, bias), intAttr("axis", -1),
                floatAttr("epsilon", EPS));
    }

    /** DJL's Linear, {@code x W^T + b} with W {@code [out, in]}: MatMul by the transpose, then Add. */
    private static String linear(OnnxGraph g, String scope, String weights, Block linear, String x, int in, int out) {
        String w = g.floats(weights + ".weight", transposed(param(linear, "weight"), out, in), in, out);
        String b = g.floats(weights + ".bias", param(linear, "bias"), out);
        return g.node("Add", scope + "/Add", List.of(g.node("MatMul", scope + "/MatMul", List.of(x, w)), b));
    }

    private static float[] transposed(float[] m, int rows, int cols) {
        if (m.length != rows * cols) {
            throw new IllegalStateException("a weight of " + m.length + " values, expected " + rows + " x " + cols);
        }
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    private static float[] param(Block block, String name) {
        NDArray array = block.getDirectParameters().get(name).getArray();
        return array.toFloatArray();
    }

    /** A child block by the name its parent gave it (DJL prefixes the names with their 2-digit index). */
    private static Block child(Block parent, String name) {
        List<Block> found = new ArrayList<>();
        parent.getChildren().forEach(pair -> {
            if (pair.getKey().replaceFirst("^\\d+", "").equals(name)) {
                found.add(pair.getValue());
            }
        });
        if (found.size() != 1) {
            throw new IllegalStateException("no child block '" + name + "' in " + parent.getChildren().keys());
        }
        return found.get(0);
    }

    /** The children named {@code prefix} + index, in order ({@code block0}, {@code block1}, ...). */
    private static List<Block> children(Block parent, String prefix) {
        List<Block> found = new ArrayList<>();
        parent.getChildren().forEach(pair -> {
            if (pair.getKey().replaceFirst("^\\d+", "").matches(prefix + "\\d+")) {
                found.add(pair.getValue());
            }
        });
        return found;
    }

    /**
     * A Hugging Face tokenizer.json over the vocabulary: whitespace split, WordLevel with {@code <unk>}, and a
     * TemplateProcessing post-processor writing {@code <bos>} $A {@code <eos>}.
     */
    static String tokenizerJson(WordVocabulary vocabulary) {
        Map<String, Object> vocab = new LinkedHashMap<>();
        List<Object> added = new ArrayList<>();
        for (int id = 0; id < vocabulary.size(); id++) {
            vocab.put(vocabulary.token(id), id);
            if (WordVocabulary.isSpecial(id)) {
                Map<String, Object> token = new LinkedHashMap<>();
                token.put("id", id);
                token.put("content", vocabulary.token(id));
                token.put("single_word", false);
                token.put("lstrip", false);
                token.put("rstrip", false);
                token.put("normalized", false);
                token.put("special", true);
                added.add(token);
            }
        }
        Map<String, Object> bos = Map.of("SpecialToken", Map.of("id", WordVocabulary.BOS, "type_id", 0));
        Map<String, Object> eos = Map.of("SpecialToken", Map.of("id", WordVocabulary.EOS, "type_id", 0));
        Map<String, Object> eosB = Map.of("SpecialToken", Map.of("id", WordVocabulary.EOS, "type_id", 1));
        Map<String, Object> a = Map.of("Sequence", Map.of("id", "A", "type_id", 0));
        Map<String, Object> b = Map.of("Sequence", Map.of("id", "B", "type_id", 1));
        Map<String, Object> specials = new LinkedHashMap<>();
        for (int id : new int[] {WordVocabulary.BOS_ID, WordVocabulary.EOS_ID}) {
            specials.put(vocabulary.token(id), Map.of("id", vocabulary.token(id), "ids", List.of(id),
                    "tokens", List.of(vocabulary.token(id))));
        }
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("type", "TemplateProcessing");
        post.put("single", List.of(bos, a, eos));
        post.put("pair", List.of(bos, a, eos, b, eosB));
        post.put("special_tokens", specials);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "WordLevel");
        model.put("vocab", vocab);
        model.put("unk_token", WordVocabulary.UNK);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", "1.0");
        json.put("truncation", null);
        json.put("padding", null);
        json.put("added_tokens", added);
        json.put("normalizer", null);
        json.put("pre_tokenizer", Map.of("type", "WhitespaceSplit"));
        json.put("post_processor", post);
        json.put("decoder", null);
        json.put("model", model);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
