package io.ontobridge.models.encoder;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rewrites an ONNX model so that a named internal tensor (e.g. the hidden state after one encoder
 * layer, or the residual stream after one decoder block) becomes a graph output. ONNX Runtime only returns graph
 * outputs, hence the edit.
 */
public final class LayerGraph {

    /** Name fragment of the per-layer hidden states in Hugging Face BERT-style exports. */
    static final String LAYER_OUTPUT_HINT = "LayerNorm/Add_1_output_0";
    /**
     * A decoder block's output in PyTorch exports of Hugging Face decoders: the block's second residual Add, right
     * under the block's scope ({@code /transformer/h.3/Add_1_output_0} in GPT-2, {@code /model/layers.3/...} in
     * Llama-like models); the residual stream after that block.
     */
    private static final Pattern BLOCK_OUTPUT = Pattern.compile(".*/(h|layers|blocks)\\.\\d+/Add_1_output_0");
    /** A decoder's final norm, at the top of the model (not inside a block): GPT-2's ln_f, Llama's norm. */
    private static final Pattern FINAL_NORM =
            Pattern.compile("(/[^/]+)?/(ln_f|norm|final_layer_norm|final_layernorm)/[^/]+");

    private LayerGraph() {}

    /**
     * Reads {@code source}, makes {@code layer} a graph output and writes the result to {@code target}.
     *
     * @param layerOnly true: {@code layer} becomes the only output and every node it does not depend on
     *     is dropped, so later layers never run and their weights are not loaded (ONNX Runtime does not
     *     drop them by itself: with only the output changed, MiniLM at layer 3 ran as slowly as the
     *     whole model); false: it is added next
     *     to the model's own outputs (the whole model still runs; kept for comparison)
     * @throws IllegalArgumentException if no node produces {@code layer}
     */
    static void cut(Path source, String layer, boolean layerOnly, Path target, String modelName)
            throws IOException {
        ModelProto model;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(source), 1 << 20)) {
            model = ModelProto.parseFrom(in);
        }
        GraphProto graph = model.getGraph();
        Map<String, NodeProto> producers = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            for (String output : node.getOutputList()) {
                producers.put(output, node);
            }
        }
        ValueInfoProto existing =
                graph.getOutputList().stream().filter(o -> o.getName().equals(layer)).findFirst().orElse(null);
        if (existing == null && !producers.containsKey(layer)) {
            throw new IllegalArgumentException(unknownLayer(modelName, layer, graph, producers.keySet()));
        }
        // Name and element type are enough; ONNX Runtime infers the shape.
        TypeProto floatTensor = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))
                .build();
        ValueInfoProto wanted = existing != null
                ? existing
                : ValueInfoProto.newBuilder().setName(layer).setType(floatTensor).build();

        GraphProto.Builder edited = graph.toBuilder();
        // Subgraphs (If/Loop) may read outer tensors implicitly, which the pruning below does not follow.
        boolean prune = layerOnly && !hasSubgraphs(graph);
        if (prune) {
            Set<String> needed = neededTensors(layer, producers);
            edited.clearNode().clearInitializer().clearValueInfo();
            for (NodeProto node : graph.getNodeList()) {
                if (node.getOutputList().stream().anyMatch(needed::contains)) {
                    edited.addNode(node); // the original order is already topological
                }
            }
            for (TensorProto initializer : graph.getInitializerList()) {
                if (needed.contains(initializer.getName())) {
                    edited.addInitializer(initializer);
                }
            }
            for (ValueInfoProto info : graph.getValueInfoList()) {
                if (needed.contains(info.getName())) {
                    edited.addValueInfo(info);
                }
            }
            // Graph inputs stay as they are: the translator feeds every input the model declares.
        }
        if (layerOnly) {
            edited.clearOutput().addOutput(wanted);
        } else if (existing == null) {
            edited.addOutput(wanted);
        }
        ModelProto result = model.toBuilder().setGraph(edited).build();
        ModelFiles.writeAtomically(
                target,
                tmp -> {
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                        result.writeTo(out);
                    }
                });
    }

    /** Every tensor name that {@code layer} transitively depends on, itself included. */
    private static Set<String> neededTensors(String layer, Map<String, NodeProto> producers) {
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(layer));
        while (!todo.isEmpty()) {
            String tensor = todo.pop();
            if (!needed.add(tensor)) {
                continue;
            }
            NodeProto node = producers.get(tensor);
            if (node != null) {
                for (String input : node.getInputList()) {
                    if (!input.isEmpty()) { // "" marks an omitted optional input
                        todo.push(input);
                    }
                }
            }
        }
        return needed;
    }

    private static boolean hasSubgraphs(GraphProto graph) {
        return graph.getNodeList().stream()
                .flatMap(n -> n.getAttributeList().stream())
                .anyMatch(
                        a -> a.getType() == AttributeProto.AttributeType.GRAPH
                                || a.getType() == AttributeProto.AttributeType.GRAPHS);
    }

    private static String unknownLayer(
            String modelName, String layer, GraphProto graph, Set<String> tensors) {
        Set<String> names = new LinkedHashSet<>(tensors);
        graph.getOutputList().forEach(o -> names.add(o.getName()));
        List<String> near = nearest(layer, names, NEAREST);
        return "model " + modelName + " has no tensor '" + layer + "'; nearest: " + String.join(", ", near)
                + " (and " + (names.size() - near.size()) + " other tensors); hidden states: "
                + summarize(hiddenStates(graph));
    }

    /** How many near names a message offers: enough to spot a typo, few enough to read. */
    static final int NEAREST = 3;

    private static final Pattern NUMBERED = Pattern.compile("(.*(?:layer|layers|h|blocks)\\.)(\\d+)(/.*)");

    /**
     * The graph's hidden states: per-layer outputs of a BERT-style export (the token embeddings' and each
     * encoder layer's final LayerNorm, not the attention block's), of a decoder export (each block's output and the
     * last tensor of the final norm) and the graph's own outputs ({@code last_hidden_state}, {@code logits}), in
     * graph order.
     */
    static List<String> hiddenStates(GraphProto graph) {
        Set<String> states = new LinkedHashSet<>();
        String finalNorm = null;
        for (NodeProto node : graph.getNodeList()) {
            for (String t : node.getOutputList()) {
                if ((t.endsWith(LAYER_OUTPUT_HINT) && !t.contains("attention")) || BLOCK_OUTPUT.matcher(t).matches()) {
                    states.add(t);
                } else if (FINAL_NORM.matcher(t).matches()) {
                    finalNorm = t; // graph order is topological: the norm's last tensor is its output
                }
            }
        }
        if (finalNorm != null) {
            states.add(finalNorm);
        }
        graph.getOutputList().forEach(o -> states.add(o.getName()));
        return new ArrayList<>(states);
    }

    /**
     * One readable tensor of a graph: a node's output or a graph output.
     *
     * @param name   the tensor's name, as a spec's {@code layer} names it
     * @param op     the operator that computes it ({@code output} for a graph output computed by no listed node)
     * @param shape  its shape where the graph declares one (dimensions by number or name), else ""
     * @param hidden whether it is one of the usual hidden states ({@link #hiddenStates})
     */
    public record Tensor(String name, String op, String shape, boolean hidden) {
    }

    /** Every node output and graph output of the ONNX file at {@code onnx}, in graph order. */
    public static List<Tensor> tensors(Path onnx) throws IOException {
        GraphProto graph;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(onnx), 1 << 20)) {
            graph = ModelProto.parseFrom(in).getGraph();
        }
        Set<String> hidden = new HashSet<>(hiddenStates(graph));
        Map<String, String> shapes = new HashMap<>();
        java.util.stream.Stream.concat(graph.getValueInfoList().stream(), graph.getOutputList().stream())
                .filter(v -> v.getType().hasTensorType() && v.getType().getTensorType().hasShape())
                .forEach(v -> shapes.put(v.getName(), v.getType().getTensorType().getShape().getDimList().stream()
                        .map(d -> d.hasDimValue() ? String.valueOf(d.getDimValue()) : d.getDimParam())
                        .collect(java.util.stream.Collectors.joining(", ", "[", "]"))));
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            for (String t : node.getOutputList()) {
                if (!t.isEmpty()) {
                    out.put(t, new Tensor(t, node.getOpType(), shapes.getOrDefault(t, ""), hidden.contains(t)));
                }
            }
        }
        for (var o : graph.getOutputList()) {
            out.putIfAbsent(o.getName(), new Tensor(o.getName(), "output", shapes.getOrDefault(o.getName(), ""), true));
        }
        return new ArrayList<>(out.values());
    }

    /** The hidden states of the ONNX file at {@code onnx} nearest to {@code layer}, nearest first. */
    static List<String> hiddenStatesNear(Path onnx, String layer) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(onnx), 1 << 20)) {
            return nearest(layer, hiddenStates(ModelProto.parseFrom(in).getGraph()), NEAREST);
        }
    }

    /**
     * The {@code n} names nearest to {@code name} by edit distance; among equals, one ending like it (same last
     * path segment) first, then graph order.
     */
    static List<String> nearest(String name, Collection<String> names, int n) {
        String suffix = name.substring(name.lastIndexOf('/') + 1);
        return names.stream()
                .sorted(Comparator.<String>comparingInt(t -> editDistance(name, t))
                        .thenComparing(t -> !t.endsWith("/" + suffix) && !t.equals(suffix)))
                .limit(n)
                .toList();
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each count 1. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * Names that differ only in a layer number written once: {@code /encoder/layer.{0..5}/output/...} (or
     * {@code /transformer/h.{0..11}/Add_1_output_0}), so twelve layers' names do not fill a line.
     */
    static String summarize(List<String> names) {
        Map<String, List<Integer>> numbered = new HashMap<>(); // "/encoder/layer.{}/output/..." -> layer numbers
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            Matcher m = NUMBERED.matcher(name);
            String part = m.matches() ? m.group(1) + "{}" + m.group(3) : name;
            if (!parts.contains(part)) {
                parts.add(part);
            }
            if (m.matches()) {
                numbered.computeIfAbsent(part, k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
            }
        }
        return parts.stream().map(part -> {
            List<Integer> layers = numbered.get(part);
            if (layers == null) {
                return part;
            }
            int min = Collections.min(layers);
            int max = Collections.max(layers);
            String range = layers.size() == 1 ? String.valueOf(min)
                    : max - min + 1 == layers.size() ? "{" + min + ".." + max + "}"
                    : layers.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
            return part.replace("{}", range);
        }).collect(Collectors.joining(", "));
    }
}
