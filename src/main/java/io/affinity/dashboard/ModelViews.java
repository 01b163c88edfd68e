package io.affinity.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.affinity.features.InputProfile;
import io.affinity.models.ModelVersion;
import io.affinity.scoring.ScoredPopulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The model pages' figures, read from model cards (as training wrote them) and from a batch run's measurements, and
 * formatted for the templates. Everything here is already in the card; nothing is recomputed from the data.
 */
final class ModelViews {

    private ModelViews() {}

    /** A version in the use case's list. */
    record VersionRow(
            int version,
            String algorithm,
            String status,
            String metric,
            String value,
            String baseline,
            String baselineName,
            String created,
            String promoted) {}

    /** A line of a table of figures: what, the model's value, and its baseline's when there is one. */
    record Figure(String name, String model, String baseline) {}

    /** Counts at one cut-off, as a marketer targeting "medium and above" or "high" would get them. */
    record Confusion(
            String cut,
            int truePositives,
            int falsePositives,
            int trueNegatives,
            int falseNegatives,
            String precision,
            String recall,
            String flagged) {}

    /** What a card says about how the model was made. */
    record Fact(String name, String value) {}

    static List<Fact> facts(JsonNode card) {
        JsonNode d = card.path("data"), m = card.path("metrics");
        List<Fact> out = new ArrayList<>();
        out.add(new Fact("Algorithm", card.path("algorithm").asText()));
        out.add(new Fact("Score", card.path("outputMeaning").asText("—")));
        out.add(new Fact("Data", d.path("source").asText("—")));
        if (d.has("from"))
            out.add(new Fact(
                    "Window",
                    text(d, "from") + " to " + text(d, "to") + ", features before " + text(d, "cutoff")
                            + ", outcomes after"));
        out.add(new Fact("Split", d.path("split").asText("—")));
        out.add(new Fact(
                "Rows",
                Formats.grouped(d.path("trainRows").asLong()) + " training, "
                        + Formats.grouped(d.path("holdoutRows").asLong()) + " holdout"
                        + (d.has("positiveRate")
                                ? ", " + Formats.percent(d.path("positiveRate").asDouble()) + " positive"
                                : "")));
        String protocol = m.has("validationProtocol")
                ? m.path("validationProtocol").asText()
                : m.path("test").path("protocol").asText("—");
        out.add(new Fact("Validation", protocol));
        long millis = 0;
        for (JsonNode a : m.path("algorithms"))
            if (a.path("algorithm").asText().equals(card.path("algorithm").asText()))
                millis = a.path("fitMillis").asLong() + a.path("searchMillis").asLong();
        out.add(new Fact(
                "Training time", millis == 0 ? "—" : seconds(millis) + " (search and fit of the chosen algorithm)"));
        out.add(new Fact("Registered", card.path("createdAt").asText("—")));
        out.add(new Fact(
                "ONNX file",
                card.path("sha256").asText("—") + " (sha256), "
                        + Formats.grouped(card.path("sizeBytes").asLong()) + " bytes"));
        for (JsonNode n : card.path("notes")) out.add(new Fact("Note", n.asText()));
        return out;
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("—");
    }

    record Decile(int decile, int rows, int positives, String lift, String gain) {}

    record Bin(String range, int rows, String meanScore, String positiveRate) {}

    record Algorithm(String name, String validation, String holdout, String fit) {}

    record Drift(String input, String psi, String level) {}

    record HistogramBin(String range, long customers) {}

    static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String number(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() ? "—" : number(v.asDouble());
    }

    /** The one baseline beside a version's primary metric: the one-feature baseline, or popularity for rankings. */
    static JsonNode baseline(JsonNode card) {
        JsonNode best = null;
        for (JsonNode b : card.path("metrics").path("baselines")) {
            if (b.has("ranking")) return b;
            if (b.has("rocAuc") && !b.path("name").asText().startsWith("training base rate")) best = b;
        }
        return best;
    }

    static Double baselineValue(JsonNode card) {
        JsonNode b = baseline(card);
        if (b == null) return null;
        if (b.has("ranking")) {
            String metric = card.path("primaryMetric").asText();
            return b.path("ranking")
                    .path(metric.startsWith("hr") ? "hitRatio" : "ndcg")
                    .asDouble();
        }
        return b.path("rocAuc").asDouble();
    }

    static VersionRow row(ModelVersion v, JsonNode card) {
        Double base = baselineValue(card);
        JsonNode b = baseline(card);
        return new VersionRow(
                v.id.version(),
                v.algorithm,
                v.status,
                v.primaryMetric,
                number(v.primaryValue),
                base == null ? "—" : number(base),
                b == null ? "" : b.path("name").asText(),
                Formats.when(v.createdAt),
                Formats.when(v.promotedAt));
    }

    /** The holdout's figures of a classifier, with the base rate's where it has one. */
    static List<Figure> classifierFigures(JsonNode card) {
        JsonNode h = card.path("metrics").path("holdout");
        JsonNode rate = null;
        for (JsonNode b : card.path("metrics").path("baselines"))
            if (b.path("name").asText().startsWith("training base rate")) rate = b;
        JsonNode one = baseline(card);
        List<Figure> out = new ArrayList<>();
        out.add(new Figure(
                "ROC AUC (holdout)", number(h.path("rocAuc")), one == null ? "0.5000" : number(one.path("rocAuc"))));
        out.add(new Figure("PR AUC (holdout)", number(h.path("prAuc")), "—"));
        out.add(new Figure("Log loss", number(h.path("logLoss")), rate == null ? "—" : number(rate.path("logLoss"))));
        out.add(new Figure("Brier score", number(h.path("brier")), "—"));
        out.add(new Figure("Accuracy at " + number(h.path("threshold")), number(h.path("accuracy")), "—"));
        out.add(new Figure("Precision", number(h.path("precision")), "—"));
        out.add(new Figure("Recall", number(h.path("recall")), "—"));
        out.add(new Figure("Validation ROC AUC", number(card.path("metrics").path("validationRocAuc")), "—"));
        return out;
    }

    /** HR@10 and NDCG@10 of a ranking model beside popularity's. */
    static List<Figure> rankingFigures(JsonNode card) {
        JsonNode t = card.path("metrics").path("test");
        JsonNode pop = baseline(card);
        JsonNode p = pop == null ? null : pop.path("ranking");
        int k = t.path("k").asInt(10);
        return List.of(
                new Figure(
                        "HR@" + k + " (holdout)",
                        number(t.path("hitRatio")),
                        p == null ? "—" : number(p.path("hitRatio"))),
                new Figure(
                        "NDCG@" + k + " (holdout)", number(t.path("ndcg")), p == null ? "—" : number(p.path("ndcg"))),
                new Figure(
                        "Validation NDCG@" + k,
                        number(card.path("metrics").path("validation").path("ndcg")),
                        "—"));
    }

    /**
     * The confusion matrix at a score cut-off, from the ROC curve: its point with the smallest threshold at or
     * above the cut is the set of customers scored at or above it.
     */
    static Confusion confusionAt(JsonNode card, String name, double cut) {
        JsonNode h = card.path("metrics").path("holdout");
        int positives = h.path("positives").asInt(), negatives = h.path("rows").asInt() - positives;
        double tpr = 0, fpr = 0, best = Double.POSITIVE_INFINITY;
        for (JsonNode p : h.path("roc")) {
            if (p.path("threshold").isNull() || p.path("threshold").isMissingNode()) continue;
            double t = p.path("threshold").asDouble();
            if (t >= cut && t < best) {
                best = t;
                tpr = p.path("y").asDouble();
                fpr = p.path("x").asDouble();
            }
        }
        int tp = (int) Math.round(tpr * positives), fp = (int) Math.round(fpr * negatives);
        int flagged = tp + fp, rows = positives + negatives;
        return new Confusion(
                name + " (score ≥ " + cut + ")",
                tp,
                fp,
                negatives - fp,
                positives - tp,
                flagged == 0 ? "—" : Formats.percent(tp / (double) flagged),
                positives == 0 ? "—" : Formats.percent(tp / (double) positives),
                rows == 0 ? "—" : Formats.percent(flagged / (double) rows));
    }

    static List<Decile> deciles(JsonNode card) {
        List<Decile> out = new ArrayList<>();
        for (JsonNode d : card.path("metrics").path("holdout").path("deciles"))
            out.add(new Decile(
                    d.path("decile").asInt(),
                    d.path("rows").asInt(),
                    d.path("positives").asInt(),
                    String.format(Locale.ROOT, "%.2f", d.path("lift").asDouble()),
                    Formats.percent(d.path("cumulativeGain").asDouble())));
        return out;
    }

    static List<Bin> calibration(JsonNode card) {
        List<Bin> out = new ArrayList<>();
        for (JsonNode b : card.path("metrics").path("holdout").path("calibration"))
            out.add(new Bin(
                    String.format(
                            Locale.ROOT,
                            "%.1f–%.1f",
                            b.path("low").asDouble(),
                            b.path("high").asDouble()),
                    b.path("rows").asInt(),
                    b.path("rows").asInt() == 0 ? "—" : number(b.path("meanScore")),
                    b.path("rows").asInt() == 0
                            ? "—"
                            : Formats.percent(b.path("positiveRate").asDouble())));
        return out;
    }

    static List<Algorithm> algorithms(JsonNode card) {
        List<Algorithm> out = new ArrayList<>();
        for (JsonNode a : card.path("metrics").path("algorithms")) {
            boolean ranking = a.has("validationNdcg");
            out.add(new Algorithm(
                    a.path("algorithm").asText(),
                    number(a.path(ranking ? "validationNdcg" : "validationRocAuc")),
                    number(a.path(ranking ? "holdoutNdcg" : "holdoutRocAuc")),
                    seconds(a.path("fitMillis").asLong()
                            + a.path("searchMillis").asLong())));
        }
        return out;
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** A curve of the card (ROC, PR) as chart columns: x, then y. */
    static ChartData.Chart curve(JsonNode points, String xLabel, String yLabel, String name, boolean diagonal) {
        List<Double> x = new ArrayList<>(), y = new ArrayList<>(), chance = new ArrayList<>();
        double last = Double.NEGATIVE_INFINITY;
        for (JsonNode p : points) {
            double px = p.path("x").asDouble();
            if (px < last) continue; // uPlot wants x ascending
            last = px;
            x.add(px);
            y.add(p.path("y").asDouble());
            chance.add(px);
        }
        List<ChartData.Series> series = new ArrayList<>(List.of(new ChartData.Series(name, y)));
        if (diagonal) series.add(new ChartData.Series("chance", chance));
        return new ChartData.Chart("lines", false, x, xLabel, yLabel, series);
    }

    /** The PR curve, recall ascending. */
    static ChartData.Chart pr(JsonNode points) {
        List<JsonNode> sorted = new ArrayList<>();
        points.forEach(sorted::add);
        sorted.sort((a, b) -> Double.compare(a.path("x").asDouble(), b.path("x").asDouble()));
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        sorted.forEach(p -> {
            x.add(p.path("x").asDouble());
            y.add(p.path("y").asDouble());
        });
        return new ChartData.Chart("lines", false, x, "recall", "precision", List.of(new ChartData.Series("model", y)));
    }

    static ChartData.Chart reliability(JsonNode card) {
        List<Double> x = new ArrayList<>(), y = new ArrayList<>(), ideal = new ArrayList<>();
        for (JsonNode b : card.path("metrics").path("holdout").path("calibration")) {
            if (b.path("rows").asInt() == 0) continue;
            x.add(b.path("meanScore").asDouble());
            y.add(b.path("positiveRate").asDouble());
            ideal.add(b.path("meanScore").asDouble());
        }
        return new ChartData.Chart(
                "lines",
                false,
                x,
                "mean predicted probability",
                "observed rate",
                List.of(new ChartData.Series("model", y), new ChartData.Series("perfect calibration", ideal)));
    }

    static ChartData.Chart gains(JsonNode card) {
        List<Double> x = new ArrayList<>(List.of(0.0)),
                y = new ArrayList<>(List.of(0.0)),
                chance = new ArrayList<>(List.of(0.0));
        for (JsonNode d : card.path("metrics").path("holdout").path("deciles")) {
            double share = d.path("decile").asInt() / 10.0;
            x.add(share);
            y.add(d.path("cumulativeGain").asDouble());
            chance.add(share);
        }
        return new ChartData.Chart(
                "lines",
                false,
                x,
                "share of customers, highest scores first",
                "share of positives found",
                List.of(new ChartData.Series("model", y), new ChartData.Series("chance", chance)));
    }

    static ChartData.Chart histogram(ScoredPopulation run) {
        List<Double> x = new ArrayList<>();
        for (int b = 0; b < run.histogram().size(); b++) x.add((b + 0.5) / ScoredPopulation.BINS);
        return new ChartData.Chart(
                "bars", false, x, "score", "customers", List.of(new ChartData.Series("customers", run.histogram())));
    }

    static List<HistogramBin> histogramBins(ScoredPopulation run) {
        List<HistogramBin> out = new ArrayList<>();
        for (int b = 0; b < run.histogram().size(); b++)
            out.add(new HistogramBin(
                    String.format(
                            Locale.ROOT,
                            "%.2f–%.2f",
                            b / (double) ScoredPopulation.BINS,
                            (b + 1) / (double) ScoredPopulation.BINS),
                    run.histogram().get(b)));
        return out;
    }

    static List<Drift> drift(ScoredPopulation run) {
        return run.drift().stream()
                .sorted((a, b) -> Double.compare(b.psi(), a.psi()))
                .map(d -> new Drift(d.input(), String.format(Locale.ROOT, "%.3f", d.psi()), d.level()))
                .toList();
    }

    static String driftRule() {
        return "PSI under " + InputProfile.WATCH + " stable, " + InputProfile.WATCH + " to " + InputProfile.SHIFTED
                + " watch, over " + InputProfile.SHIFTED + " shifted";
    }
}
