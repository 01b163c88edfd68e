package io.affinity.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session over a classifier's graph, scoring batches of float vectors. Create it once per model
 * version and share it: sessions are thread-safe, and creating one costs milliseconds.
 */
public final class OnnxModel implements AutoCloseable {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private final OrtSession session;
    private final ScoreOutput output;
    private final String label;

    private OnnxModel(OrtSession session, ScoreOutput output, String label) {
        this.session = session;
        this.output = output;
        this.label = label;
    }

    /**
     * @param label names the model in errors ("churn v3", "parity check of random-forest")
     * @param threads intra-op threads; 1 for request-path scoring, where parallelism comes from requests
     */
    public static OnnxModel load(byte[] onnx, ScoreOutput output, String label, int threads) {
        try (var options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            return new OnnxModel(ENV.createSession(onnx, options), output, label);
        } catch (OrtException e) {
            throw new ModelException(label + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    public static OrtEnvironment environment() {
        return ENV;
    }

    public OrtSession session() {
        return session;
    }

    /** Scores every row of {@code x} (all rows of the same width) in one call. */
    public float[] score(float[][] x) {
        int rows = x.length;
        if (rows == 0) return new float[0];
        int width = x[0].length;
        FloatBuffer input = ByteBuffer.allocateDirect(rows * width * 4)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (float[] row : x) input.put(row);
        input.rewind();
        return score(input, rows, width);
    }

    /** Scores {@code rows} vectors of {@code width} floats laid out row-major in a direct buffer. */
    public float[] score(FloatBuffer input, int rows, int width) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENV, input, new long[] {rows, width})) {
            return score(tensor, rows);
        } catch (OrtException e) {
            throw new ModelException(label + ": cannot make an input tensor: " + e.getMessage(), e);
        }
    }

    /** Scores the {@code rows} vectors of a tensor the caller owns (and may refill and reuse: see {@link Input}). */
    public float[] score(OnnxTensor tensor, int rows) {
        try (OrtSession.Result result = session.run(Map.of(output.input(), tensor))) {
            var value = result.get(output.output())
                    .orElseThrow(() -> new ModelException(label + ": no output named '" + output.output() + "'"));
            if (value instanceof OnnxSequence maps) return fromMaps(maps, rows);
            if (!(value instanceof OnnxTensor t))
                throw new ModelException(label + ": output '" + output.output() + "' is a " + value.getType()
                        + ", not a tensor of scores or a sequence of class-to-probability maps");
            float[] out = new float[rows];
            int column = Math.max(0, output.column());
            switch (t.getInfo().type) {
                case FLOAT -> {
                    FloatBuffer scores = t.getFloatBuffer();
                    int columns = output.column() < 0 ? 1 : scores.capacity() / rows;
                    for (int i = 0; i < rows; i++) out[i] = scores.get(i * columns + column);
                }
                case DOUBLE -> {
                    var scores = t.getDoubleBuffer();
                    int columns = output.column() < 0 ? 1 : scores.capacity() / rows;
                    for (int i = 0; i < rows; i++) out[i] = (float) scores.get(i * columns + column);
                }
                default ->
                    throw new ModelException(label + ": output '" + output.output() + "' holds " + t.getInfo().type
                            + " values; a score must be float or double");
            }
            return out;
        } catch (OrtException e) {
            throw new ModelException(label + ": scoring failed: " + e.getMessage(), e);
        }
    }

    /**
     * A ZipMap output, as scikit-learn's converter writes classifiers by default: one map per row from class
     * label (an integer or a string) to probability; the score is the probability of class {@code column}.
     */
    private float[] fromMaps(OnnxSequence maps, int rows) throws OrtException {
        List<? extends OnnxValue> each = maps.getValue();
        if (each.size() != rows)
            throw new ModelException(
                    label + ": output '" + output.output() + "' has " + each.size() + " maps for " + rows + " rows");
        long wanted = Math.max(0, output.column());
        float[] out = new float[rows];
        for (int i = 0; i < rows; i++) {
            if (!(each.get(i) instanceof OnnxMap map))
                throw new ModelException(label + ": output '" + output.output() + "' is a sequence of "
                        + each.get(i).getType() + ", not of maps");
            Object p = null;
            for (var e : map.getValue().entrySet()) {
                if (String.valueOf(e.getKey()).equals(String.valueOf(wanted))) p = e.getValue();
            }
            if (!(p instanceof Number n))
                throw new ModelException(label + ": the maps of output '" + output.output() + "' have no class "
                        + wanted + " (keys " + map.getValue().keySet() + ")");
            out[i] = n.floatValue();
        }
        return out;
    }

    /**
     * A direct buffer of {@code rows x width} floats and the tensor over it, for a caller that scores the same shape
     * again and again (one per thread): the tensor reads whatever the buffer holds at each call, so it is made once
     * instead of per call. Close it to free the tensor.
     */
    public static final class Input implements AutoCloseable {
        public final FloatBuffer buffer;
        public final OnnxTensor tensor;
        public final int rows, width;

        public Input(int rows, int width) {
            this.rows = rows;
            this.width = width;
            this.buffer = ByteBuffer.allocateDirect(rows * width * 4)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            try {
                this.tensor = OnnxTensor.createTensor(ENV, buffer, new long[] {rows, width});
            } catch (OrtException e) {
                throw new ModelException("cannot make an input tensor of " + rows + " x " + width, e);
            }
        }

        @Override
        public void close() {
            tensor.close();
        }
    }

    /**
     * Checks that the card describes this graph: every input it names exists, its output exists, and the input
     * width is the width of the card's pipeline.
     *
     * @throws ModelException naming what does not match
     */
    public void checkAgainst(ModelCard card) {
        OnnxModel model = this;
        String label = card.useCase() + " v" + card.version();
        try {
            Map<String, NodeInfo> inputs = model.session().getInputInfo();
            Map<String, NodeInfo> outputs = model.session().getOutputInfo();
            for (String name : card.inputs().keySet()) {
                if (!inputs.containsKey(name))
                    throw new ModelException(
                            label + ": the card names input '" + name + "', the graph has " + inputs.keySet());
            }
            if (!outputs.containsKey(card.output().output()))
                throw new ModelException(label + ": the card names output '"
                        + card.output().output() + "', the graph has " + outputs.keySet());
            if (card.preprocessing() != null
                    && inputs.get(card.output().input()).getInfo() instanceof TensorInfo t) {
                long[] shape = t.getShape();
                long width = shape.length == 2 ? shape[1] : -1;
                if (width != card.preprocessing().width())
                    throw new ModelException(
                            label + ": the graph takes " + width + " features, the card's pipeline makes "
                                    + card.preprocessing().width());
            }
        } catch (OrtException e) {
            throw new ModelException(label + ": cannot read the graph's inputs and outputs: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException(label + ": closing the session failed: " + e.getMessage(), e);
        }
    }
}
