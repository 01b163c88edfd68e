package io.affinity.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.ingest.IngestOverview;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.List;

/** Turns read models into the JSON the page's chart script reads (uPlot's column layout). */
@ApplicationScoped
public class ChartData {

    private final ObjectMapper mapper;

    ChartData(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** One line (or set of bars) of a chart: its label and a value per x (null for a gap). */
    public record Series(String label, List<? extends Number> values) {}

    /**
     * A chart as the page's script draws it: {@code {"kind": "lines" or "bars", "time": x are epoch seconds,
     * "x": [...], "xLabel", "yLabel", "series": [{"label", "values"}]}}.
     */
    public record Chart(
            String kind, boolean time, List<? extends Number> x, String xLabel, String yLabel, List<Series> series) {}

    public String json(Chart chart) {
        try {
            return mapper.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Events per day and kind. */
    public String eventsPerDay(IngestOverview overview) {
        return json(new Chart(
                "lines",
                true,
                overview.days().stream()
                        .map(d -> d.atStartOfDay().toEpochSecond(ZoneOffset.UTC))
                        .toList(),
                null,
                "events",
                overview.perDay().stream()
                        .map(s -> new Series(Formats.label(s.kind()), s.counts()))
                        .toList()));
    }
}
