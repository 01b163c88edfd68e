package io.affinity.training.trainers;

import io.affinity.models.ScoreOutput;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;

/** A Tribuo model that Tribuo itself exports to ONNX. */
record TribuoClassifier<M extends Model<Label> & ONNXExportable>(M model, int width, boolean probabilistic)
        implements TrainedClassifier {

    @Override
    public double[] predict(float[][] x) {
        return TribuoData.positiveScores(model, x);
    }

    @Override
    public byte[] onnx() {
        return TribuoData.export(model, width);
    }

    @Override
    public ScoreOutput output() {
        return new ScoreOutput("input", "output", TribuoData.positiveColumn(model), probabilistic);
    }
}
