package io.ontobridge.models.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The inputs a text model's ONNX graph declares, each with how it is fed from a batch of token ids: what lets one
 * translator run BERT-style encoders ({@code input_ids}, {@code attention_mask}, {@code token_type_ids}) and
 * decoder-only exports ({@code input_ids}, {@code attention_mask}, {@code position_ids}) alike.
 *
 * <p>A cached-generation export also declares {@code past_key_values.*} (or {@code past_*}); these get empty past
 * tensors, the first step of generation: the declared shape with the batch dimension set to the batch size and the
 * past-length dimension (the one other named dimension) set to 0, e.g. [batch, heads, 0, head_dim]. Any other input
 * is refused when the model opens, with one line naming it.
 */
final class ModelInputs {

    /** What an input is fed. */
    enum Feed { INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS, POSITION_IDS, EMPTY_PAST }

    /**
     * @param pastShape {@link Feed#EMPTY_PAST}: the declared dimensions, -1 where the batch size goes (and 0 at
     *                  the past length); null otherwise
     */
    record Input(String name, Feed feed, int elemType, long[] pastShape) {}

    private final List<Input> inputs;

    private ModelInputs(List<Input> inputs) {
        this.inputs = List.copyOf(inputs);
    }

    List<Input> inputs() {
        return inputs;
    }

    /** Whether the graph takes an attention mask; without one a padded batch could change a text's read-out. */
    boolean masked() {
        return inputs.stream().anyMatch(i -> i.feed() == Feed.ATTENTION_MASK);
    }

    /**
     * The inputs that the ONNX file at {@code onnx} declares (initializers listed as inputs, as old exports do,
     * excluded), in its order.
     *
     * @throws IllegalArgumentException, in one line, for an input none of the feeds can fill
     */
    static ModelInputs read(Path onnx, String modelName) throws IOException {
        List<ValueInfoProto> declared = declaredInputs(onnx);
        ValueInfoProto ids = declared.stream().filter(i -> i.getName().equals("input_ids")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model " + modelName + " has no input_ids input (it"
                        + " declares " + declared.stream().map(ValueInfoProto::getName).toList() + "); a text model"
                        + " takes token ids as input_ids"));
        // The batch dimension's name, which past inputs share; empty when input_ids declares no named one.
        String batch = dims(ids).isEmpty() ? "" : dims(ids).get(0).getDimParam();
        List<Input> inputs = new ArrayList<>();
        for (ValueInfoProto info : declared) {
            inputs.add(classify(info, batch, modelName));
        }
        return new ModelInputs(inputs);
    }

    private static Input classify(ValueInfoProto info, String batch, String modelName) {
        String name = info.getName();
        int type = info.getType().getTensorType().getElemType();
        Feed feed = switch (name) {
            case "input_ids" -> Feed.INPUT_IDS;
            case "attention_mask" -> Feed.ATTENTION_MASK;
            case "token_type_ids" -> Feed.TOKEN_TYPE_IDS;
            case "position_ids" -> Feed.POSITION_IDS;
            default -> null;
        };
        if (feed != null) {
            if (type != TensorProto.DataType.INT64_VALUE && type != TensorProto.DataType.INT32_VALUE) {
                throw new IllegalArgumentException("model " + modelName + ": input " + name + " is of type "
                        + TensorProto.DataType.forNumber(type) + "; only INT64 and INT32 token inputs can be fed");
            }
            return new Input(name, feed, type, null);
        }
        if (name.equals("use_cache_branch")) {
            throw new IllegalArgumentException("model " + modelName + " is a merged decoder (input use_cache_branch),"
                    + " whose layers sit inside If branches that cannot be read out; use the export without past"
                    + " (decoder_model.onnx)");
        }
        if (name.startsWith("past")) {
            return new Input(name, Feed.EMPTY_PAST, type, pastShape(info, batch, modelName));
        }
        throw new IllegalArgumentException("model " + modelName + " wants an input '" + name + "'; only input_ids,"
                + " attention_mask, token_type_ids, position_ids and past key/value inputs (fed empty) can be fed");
    }

    /** The declared shape of a past key/value input, -1 at the batch dimension and 0 at the past length. */
    private static long[] pastShape(ValueInfoProto info, String batch, String modelName) {
        List<TensorShapeProto.Dimension> dims = dims(info);
        long[] shape = new long[dims.size()];
        int batchDims = 0;
        int pastDims = 0;
        for (int d = 0; d < dims.size(); d++) {
            TensorShapeProto.Dimension dim = dims.get(d);
            if (dim.hasDimValue()) {
                shape[d] = dim.getDimValue();
            } else if (!batch.isEmpty() && batch.equals(dim.getDimParam())) {
                shape[d] = -1;
                batchDims++;
            } else {
                shape[d] = 0; // the past sequence length: nothing generated yet
                pastDims++;
            }
        }
        if (info.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE || batchDims != 1
                || pastDims != 1) {
            throw new IllegalArgumentException("model " + modelName + ": cannot feed an empty past to input "
                    + info.getName() + " (declared " + describe(info) + "; needs float32 with a batch dimension named"
                    + " like input_ids' and one other named dimension, the past length); export the model without"
                    + " past inputs instead (optimum: --task text-generation, not text-generation-with-past)");
        }
        return shape;
    }

    /**
     * The tensors for one padded batch ({@code size} rows of {@code width} tokens), one per declared input in the
     * graph's order; each array is {@code size * width} long.
     */
    NDList create(NDManager manager, int size, int width, long[] ids, long[] mask, long[] types, long[] positions) {
        NDList list = new NDList();
        for (Input input : inputs) {
            NDArray array;
            if (input.feed() == Feed.EMPTY_PAST) {
                long[] shape = input.pastShape().clone();
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = shape[d] == -1 ? size : shape[d];
                }
                array = manager.create(new float[0], new Shape(shape));
            } else {
                long[] data = switch (input.feed()) {
                    case INPUT_IDS -> ids;
                    case ATTENTION_MASK -> mask;
                    case TOKEN_TYPE_IDS -> types;
                    default -> positions;
                };
                Shape shape = new Shape(size, width);
                array = input.elemType() == TensorProto.DataType.INT32_VALUE
                        ? manager.create(toInts(data), shape) : manager.create(data, shape);
            }
            array.setName(input.name());
            list.add(array);
        }
        return list;
    }

    private static int[] toInts(long[] values) {
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = (int) values[i];
        }
        return ints;
    }

    private static List<TensorShapeProto.Dimension> dims(ValueInfoProto info) {
        return info.getType().getTensorType().getShape().getDimList();
    }

    private static String describe(ValueInfoProto info) {
        List<String> dims = dims(info).stream()
                .map(d -> d.hasDimValue() ? String.valueOf(d.getDimValue()) : d.getDimParam().isEmpty() ? "?" : d.getDimParam())
                .toList();
        return TensorProto.DataType.forNumber(info.getType().getTensorType().getElemType()) + " " + dims;
    }

    private static final int GRAPH = ModelProto.GRAPH_FIELD_NUMBER;
    private static final int TENSOR_NAME = TensorProto.NAME_FIELD_NUMBER;

    /**
     * The graph's declared inputs, read field by field so that the weights (most of the file) are skipped, not
     * parsed into memory as a whole-model parse would.
     */
    static List<ValueInfoProto> declaredInputs(Path onnx) throws IOException {
        List<ValueInfoProto> inputs = new ArrayList<>();
        Set<String> initializers = new HashSet<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(onnx), 1 << 16)) {
            CodedInputStream model = CodedInputStream.newInstance(in);
            for (int tag = model.readTag(); tag != 0; tag = model.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) != GRAPH) {
                    model.skipField(tag);
                    continue;
                }
                int graphEnd = model.pushLimit(model.readRawVarint32());
                for (int field = model.readTag(); field != 0; field = model.readTag()) {
                    switch (WireFormat.getTagFieldNumber(field)) {
                        case GraphProto.INPUT_FIELD_NUMBER -> inputs.add(ValueInfoProto.parseFrom(model.readBytes()));
                        case GraphProto.INITIALIZER_FIELD_NUMBER -> initializers.add(tensorName(model));
                        default -> model.skipField(field);
                    }
                }
                model.popLimit(graphEnd);
            }
        }
        inputs.removeIf(input -> initializers.contains(input.getName()));
        return inputs;
    }

    /** An initializer's name, its data skipped. */
    private static String tensorName(CodedInputStream in) throws IOException {
        int end = in.pushLimit(in.readRawVarint32());
        String name = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == TENSOR_NAME) {
                name = in.readStringRequireUtf8();
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(end);
        return name;
    }
}
