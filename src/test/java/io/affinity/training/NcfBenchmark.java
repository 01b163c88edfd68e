package io.affinity.training;

import io.affinity.training.eval.RankingEvaluator;
import io.affinity.training.eval.RankingMetrics;
import io.affinity.training.ncf.Interactions;
import io.affinity.training.ncf.NcfSettings;
import io.affinity.training.ncf.NcfSplitReader;
import io.affinity.training.ncf.NcfTrainer;
import java.nio.file.Path;

/**
 * NeuMF on MovieLens ml-latest-small with the shared leave-one-out split (99 fixed negatives): HR@10 and NDCG@10
 * beside the popularity baseline, training time and time per epoch.
 */
public final class NcfBenchmark {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("affinity.data", "../shared/data"));
        var split = NcfSplitReader.read(data.resolve("movielens-latest-small/ncf-split"));
        NcfSettings s = settings();
        var validation = NcfSplitReader.validation(
                split.users(), split.items(), split.trainUsers(), split.trainItems(), split.test(), 99, s.seed());
        Interactions all = new Interactions(split.users(), split.items(), split.trainUsers(), split.trainItems());
        int[] counts = all.itemCounts();
        RankingMetrics popularity = RankingEvaluator.evaluate(
                (u, items) -> {
                    double[] out = new double[items.length];
                    for (int j = 0; j < items.length; j++) out[j] = counts[items[j]];
                    return out;
                },
                split.test(),
                10);
        System.out.printf(
                "%d users, %d items, %d training interactions (%d after holding out validation)%n",
                split.users(), split.items(), all.size(), validation.train().size());
        System.out.printf("popularity: HR@10 %.4f NDCG@10 %.4f%n", popularity.hitRatio(), popularity.ndcg());
        System.out.println("NeuMF " + s);
        long start = System.nanoTime();
        var result = NcfTrainer.train(
                validation.train(),
                validation.protocol(),
                s,
                e -> System.out.printf(
                        "epoch %2d loss %.4f validation HR@10 %.4f NDCG@10 %.4f (%d ms)%n",
                        e.epoch(),
                        e.loss(),
                        e.validation().hitRatio(),
                        e.validation().ndcg(),
                        e.millis()),
                () -> false);
        long millis = (System.nanoTime() - start) / 1_000_000;
        RankingMetrics early = RankingEvaluator.evaluate(NcfTrainer.scorer(result.model()), split.test(), 10);
        System.out.printf("early-stopped model: test HR@10 %.4f NDCG@10 %.4f%n", early.hitRatio(), early.ndcg());
        NcfSettings refit = new NcfSettings(
                s.gmf(),
                s.mlp(),
                s.hidden(),
                s.learningRate(),
                s.l2(),
                s.dropout(),
                s.recency(),
                s.negatives(),
                s.batch(),
                result.bestEpoch(),
                s.patience(),
                s.seed());
        var full = NcfTrainer.train(all, null, refit, e -> {}, () -> false);
        millis = (System.nanoTime() - start) / 1_000_000;
        RankingMetrics test = RankingEvaluator.evaluate(NcfTrainer.scorer(full.model()), split.test(), 10);
        System.out.printf(
                "NeuMF best epoch %d: test HR@10 %.4f NDCG@10 %.4f; training %d ms, %d ms per epoch%n",
                result.bestEpoch(),
                test.hitRatio(),
                test.ndcg(),
                millis,
                millis / result.epochs().size());
    }

    static int[] hidden(int[] fallback) {
        String h = System.getProperty("ncf.hidden");
        return h == null
                ? fallback
                : java.util.Arrays.stream(h.split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray();
    }

    static NcfSettings settings() {
        NcfSettings d = NcfSettings.DEFAULT;
        return new NcfSettings(
                Integer.getInteger("ncf.gmf", d.gmf()),
                Integer.getInteger("ncf.mlp", d.mlp()),
                hidden(d.hidden()),
                Double.parseDouble(System.getProperty("ncf.lr", "" + d.learningRate())),
                Double.parseDouble(System.getProperty("ncf.l2", "" + d.l2())),
                Double.parseDouble(System.getProperty("ncf.dropout", "" + d.dropout())),
                Double.parseDouble(System.getProperty("ncf.recency", "" + d.recency())),
                Integer.getInteger("ncf.negatives", d.negatives()),
                Integer.getInteger("ncf.batch", d.batch()),
                Integer.getInteger("ncf.epochs", d.maxEpochs()),
                Integer.getInteger("ncf.patience", d.patience()),
                d.seed());
    }
}
