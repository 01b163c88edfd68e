package io.affinity.training;

import io.affinity.training.ncf.NcfSettings;
import io.affinity.training.ncf.NcfSplitReader;
import io.affinity.training.ncf.RecommenderTraining;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * NeuMF on MovieLens ml-latest-small with the shared leave-one-out split (99 fixed negatives): HR@10 and NDCG@10
 * beside the popularity baseline, training time and time per epoch. Settings can be overridden with -Dncf.*.
 */
public final class NcfBenchmark {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("affinity.data", "../shared/data"));
        var split = NcfSplitReader.read(data.resolve("movielens-latest-small/ncf-split"));
        String base = System.getProperty("ncf.base");
        for (NcfSettings d : base == null
                ? List.of(NcfSettings.DEFAULT, NcfSettings.RECENT_ITEMS)
                : List.of("default".equals(base) ? NcfSettings.DEFAULT : NcfSettings.RECENT_ITEMS))
            run(split, settings(d));
    }

    static void run(NcfSplitReader.NcfSplit split, NcfSettings s) {
        System.out.printf(
                "%n== MovieLens ml-latest-small NCF split: %d users, %d items, %d training interactions%n",
                split.users(), split.items(), split.trainUsers().length);
        System.out.println("NeuMF " + s);
        var outcome = RecommenderTraining.train(
                split.users(),
                split.items(),
                split.trainUsers(),
                split.trainItems(),
                split.test(),
                s,
                System.out::println,
                () -> false);
        long epochMillis = (long)
                outcome.epochs().stream().mapToLong(e -> e.millis()).average().orElse(0);
        System.out.printf("%-12s %8s %9s%n", "model", "HR@10", "NDCG@10");
        System.out.printf(
                "%-12s %8.4f %9.4f%n",
                "NeuMF", outcome.test().hitRatio(), outcome.test().ndcg());
        System.out.printf(
                "%-12s %8.4f %9.4f%n",
                "popularity",
                outcome.popularity().hitRatio(),
                outcome.popularity().ndcg());
        System.out.printf(
                "NeuMF: best epoch %d of %d (validation), %d ms per epoch, %.1f s in all (search of epochs + refit),"
                        + " ONNX parity %.1e%n",
                outcome.bestEpoch(),
                outcome.epochs().size(),
                epochMillis,
                outcome.millis() / 1000.0,
                outcome.parityError());
    }

    /**
     * Plain NeuMF and NeuMF with recent items, or one of them with {@code -Dncf.base=default|recent}; any setting
     * can be overridden with {@code -Dncf.*}.
     */
    static NcfSettings settings(NcfSettings d) {
        String hidden = System.getProperty("ncf.hidden");
        return new NcfSettings(
                Integer.getInteger("ncf.gmf", d.gmf()),
                Integer.getInteger("ncf.mlp", d.mlp()),
                hidden == null
                        ? d.hidden()
                        : Arrays.stream(hidden.split(","))
                                .mapToInt(Integer::parseInt)
                                .toArray(),
                Double.parseDouble(System.getProperty("ncf.lr", "" + d.learningRate())),
                Double.parseDouble(System.getProperty("ncf.l2", "" + d.l2())),
                Double.parseDouble(System.getProperty("ncf.dropout", "" + d.dropout())),
                Double.parseDouble(System.getProperty("ncf.recency", "" + d.recency())),
                Integer.getInteger("ncf.negatives", d.negatives()),
                Integer.getInteger("ncf.batch", d.batch()),
                Integer.getInteger("ncf.epochs", d.maxEpochs()),
                Integer.getInteger("ncf.patience", d.patience()),
                Boolean.parseBoolean(System.getProperty("ncf.pretrain", "" + d.pretrain())),
                Integer.getInteger("ncf.recent", d.recent()),
                Long.getLong("ncf.seed", d.seed()));
    }
}
