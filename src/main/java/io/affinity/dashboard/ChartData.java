package io.affinity.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.ingest.IngestOverview;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns read models into the JSON the page's chart script reads (uPlot's column layout). */
@ApplicationScoped
public class ChartData {

    private final ObjectMapper mapper;

    ChartData(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code {"x": [epoch seconds per day], "series": [{"label": kind, "values": [...]}]}}. */
    public String eventsPerDay(IngestOverview overview) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(
                "x",
                overview.days().stream()
                        .map(d -> d.atStartOfDay().toEpochSecond(ZoneOffset.UTC))
                        .toList());
        data.put(
                "series",
                overview.perDay().stream()
                        .map(s -> Map.of("label", s.kind(), "values", s.counts()))
                        .toList());
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
