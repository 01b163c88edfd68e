package io.affinity.models;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;

/**
 * Small builders over the ONNX protobuf classes that ship with Tribuo, for the graphs Tribuo cannot export itself
 * (tree ensembles, NeuMF). Dimensions of -1 are symbolic (the batch).
 */
public final class OnnxProtos {

    public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    public static final int INT64 = TensorProto.DataType.INT64_VALUE;

    private OnnxProtos() {}

    public static AttributeProto ints(String name, long... values) {
        var b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long v : values) b.addInts(v);
        return b.build();
    }

    public static AttributeProto floats(String name, float... values) {
        var b = AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
        for (float v : values) b.addFloats(v);
        return b.build();
    }

    public static AttributeProto ints(String name, java.util.List<Long> values) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.INTS)
                .addAllInts(values)
                .build();
    }

    public static AttributeProto floats(String name, java.util.List<Float> values) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.FLOATS)
                .addAllFloats(values)
                .build();
    }

    public static AttributeProto strings(String name, String... values) {
        var b = AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
        for (String v : values) b.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8));
        return b.build();
    }

    public static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.INT)
                .setI(value)
                .build();
    }

    public static AttributeProto floatValue(String name, float value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    public static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8))
                .build();
    }

    public static OnnxMl.ValueInfoProto tensor(String name, int elemType, long... dims) {
        var shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            var dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d < 0) dim.setDimParam("batch");
            else dim.setDimValue(d);
            shape.addDim(dim);
        }
        var type = OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(elemType)
                        .setShape(shape));
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /** A float initializer (weights) of the given shape, row-major. */
    public static TensorProto floatInit(String name, float[] data, long... dims) {
        var b = TensorProto.newBuilder().setName(name).setDataType(FLOAT);
        for (long d : dims) b.addDims(d);
        var bytes = java.nio.ByteBuffer.allocate(data.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : data) bytes.putFloat(f);
        return b.setRawData(ByteString.copyFrom(bytes.array())).build();
    }

    public static TensorProto longInit(String name, long[] data, long... dims) {
        var b = TensorProto.newBuilder().setName(name).setDataType(INT64);
        for (long d : dims) b.addDims(d);
        for (long v : data) b.addInt64Data(v);
        return b.build();
    }

    public static OnnxMl.NodeProto node(
            String op, String domain, String name, String[] inputs, String[] outputs, AttributeProto... attributes) {
        var b = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name);
        if (domain != null) b.setDomain(domain);
        for (String i : inputs) b.addInput(i);
        for (String o : outputs) b.addOutput(o);
        for (AttributeProto a : attributes) b.addAttribute(a);
        return b.build();
    }

    /** A model of one graph importing the default opset 13 and, if needed, ai.onnx.ml opset 3. */
    public static byte[] model(OnnxMl.GraphProto graph, boolean usesMl, String docString) {
        var model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("affinity")
                .setDocString(docString)
                .setGraph(graph)
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13));
        if (usesMl)
            model.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder()
                    .setDomain("ai.onnx.ml")
                    .setVersion(3));
        return model.build().toByteArray();
    }
}
