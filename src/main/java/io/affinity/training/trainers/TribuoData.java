package io.affinity.training.trainers;

import ai.onnx.proto.OnnxMl;
import io.affinity.training.data.LabelledData;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Moves our dense vectors in and out of Tribuo. Slot {@code i} is named {@code f00000 + i}: Tribuo numbers
 * features in name order, so the ONNX input column of a feature is its slot in our vector.
 */
final class TribuoData {

    static final Label POSITIVE = new Label("1");
    static final Label NEGATIVE = new Label("0");
    private static final LabelFactory FACTORY = new LabelFactory();

    private TribuoData() {}

    static String[] names(int width) {
        String[] names = new String[width];
        for (int i = 0; i < width; i++) names[i] = String.format("f%05d", i);
        return names;
    }

    static MutableDataset<Label> dataset(LabelledData data) {
        var dataset = new MutableDataset<>(new SimpleDataSourceProvenance("affinity", FACTORY), FACTORY);
        String[] names = names(data.width());
        for (int i = 0; i < data.size(); i++) {
            dataset.add(new ArrayExample<>(data.y()[i] == 1 ? POSITIVE : NEGATIVE, names, toDouble(data.x()[i])));
        }
        return dataset;
    }

    static double[] positiveScores(Model<Label> model, float[][] x) {
        if (x.length == 0) return new double[0];
        String[] names = names(x[0].length);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, toDouble(x[i])));
            Map<String, Label> scores = p.getOutputScores();
            out[i] = scores.get(POSITIVE.getLabel()).getScore();
        }
        return out;
    }

    /** Column of the positive label in the model's {@code [N, 2]} output. */
    static int positiveColumn(Model<Label> model) {
        return model.getOutputIDInfo().getID(POSITIVE);
    }

    static <M extends Model<Label> & ONNXExportable> byte[] export(M model, int width) {
        if (model.getFeatureIDMap().size() != width)
            throw new IllegalStateException(
                    "Tribuo kept " + model.getFeatureIDMap().size() + " of " + width
                            + " features; ONNX input columns would not line up with the feature vector");
        OnnxMl.ModelProto proto = model.exportONNXModel("io.affinity", 1);
        return proto.toByteArray();
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
