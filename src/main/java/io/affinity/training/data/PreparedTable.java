package io.affinity.training.data;

import io.affinity.features.FeaturePipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table cleaned and preprocessed for training: duplicates and rows the missing-value policy drops are removed
 * from the training split only (test rows are scored as given), then the {@link FeaturePipeline} is fitted on
 * what is left of the training split and applied to both.
 *
 * @param duplicatesDropped training rows that repeat an earlier training row's record, as the schema tells them
 *     ({@link TableSchema#duplicatePolicy}: the same id, or every field equal when it asks for that); identical rows
 *     of a table without an id are different records and are kept
 * @param missingDropped training rows dropped by a {@code DROP_ROW} policy
 */
public record PreparedTable(
        FeaturePipeline pipeline,
        LabelledData train,
        LabelledData test,
        Split split,
        int duplicatesDropped,
        int missingDropped) {

    public static PreparedTable prepare(Table table, Split split) {
        TableSchema schema = table.schema();
        List<Object[]> trainRaw = new ArrayList<>();
        List<Integer> trainY = new ArrayList<>();
        Set<Integer> seen = new HashSet<>(); // the first copies of the training rows kept so far
        int duplicates = 0;
        for (int r : split.train()) {
            if (!seen.add(table.firstCopy()[r])) {
                duplicates++;
                continue;
            }
            trainRaw.add(table.raw().get(r));
            trainY.add(table.labels()[r]);
        }
        FeaturePipeline pipeline =
                FeaturePipeline.fit(schema.numeric(), schema.categorical(), schema.policy(), trainRaw);
        int missing = 0;
        List<Object[]> kept = new ArrayList<>();
        List<Integer> keptY = new ArrayList<>();
        for (int i = 0; i < trainRaw.size(); i++) {
            if (pipeline.dropsInTraining(trainRaw.get(i))) {
                missing++;
                continue;
            }
            kept.add(trainRaw.get(i));
            keptY.add(trainY.get(i));
        }
        if (missing > 0) pipeline = FeaturePipeline.fit(schema.numeric(), schema.categorical(), schema.policy(), kept);

        FeaturePipeline.Transformer t = pipeline.transformer();
        float[][] xTrain = kept.stream().map(t::transform).toArray(float[][]::new);
        int[] yTrain = keptY.stream().mapToInt(Integer::intValue).toArray();
        float[][] xTest = Arrays.stream(split.test())
                .mapToObj(r -> t.transform(table.raw().get(r)))
                .toArray(float[][]::new);
        int[] yTest = Arrays.stream(split.test()).map(r -> table.labels()[r]).toArray();
        List<String> names = pipeline.featureNames();
        return new PreparedTable(
                pipeline,
                new LabelledData(xTrain, yTrain, names),
                new LabelledData(xTest, yTest, names),
                split,
                duplicates,
                missing);
    }
}
