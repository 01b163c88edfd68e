package io.affinity.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV training table under a {@link TableSchema}; a file inside a zip is named {@code archive.zip!entry}.
 * Blank numbers are missing values; anything else that is not a number fails with its line and column, and so does
 * a blank label or a third label value.
 */
public final class TableReader {

    private TableReader() {}

    public static Table read(String location, TableSchema schema) throws IOException {
        int bang = location.indexOf(".zip!");
        if (bang < 0) {
            try (Reader reader = Files.newBufferedReader(Path.of(location), StandardCharsets.UTF_8)) {
                return read(reader, location, schema);
            }
        }
        String archive = location.substring(0, bang + 4);
        String entryName = location.substring(bang + 5);
        try (ZipFile zip = new ZipFile(archive)) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) throw new TableException(location, "no entry '" + entryName + "' in " + archive);
            try (InputStream in = zip.getInputStream(entry)) {
                return read(new InputStreamReader(in, StandardCharsets.UTF_8), location, schema);
            }
        }
    }

    public static Table read(Reader reader, String location, TableSchema schema) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(schema.delimiter().charAt(0))
                .setHeader()
                .setSkipHeaderRecord(true)
                .setTrim(true)
                .get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            List<String> columns = new ArrayList<>(schema.numeric());
            columns.addAll(schema.categorical());
            for (String c : columns) requireColumn(header, c, location);
            requireColumn(header, schema.label(), location);
            if (schema.id() != null) requireColumn(header, schema.id(), location);

            List<Object[]> raw = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            Map<List<String>, Integer> firstRowOf = new HashMap<>();
            List<Integer> firstCopy = new ArrayList<>();
            int numeric = schema.numeric().size();
            Set<String> labelValues = new LinkedHashSet<>();
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (record.size() != header.size())
                    throw new TableException(
                            location, "line " + line + ": " + record.size() + " fields, header has " + header.size());
                Object[] row = new Object[columns.size()];
                for (int c = 0; c < columns.size(); c++) {
                    String value = record.get(columns.get(c));
                    row[c] = c < numeric ? number(value, location, line, columns.get(c)) : value;
                }
                raw.add(row);
                labels.add(label(record.get(schema.label()), labelValues, schema, location, line));
                ids.add(schema.id() == null ? Long.toString(record.getRecordNumber() - 1) : record.get(schema.id()));
                firstCopy.add(repeatKey(schema, record)
                        .map(key -> firstRowOf.computeIfAbsent(key, x -> firstCopy.size()))
                        .orElse(firstCopy.size()));
            }
            if (!raw.isEmpty() && !labelValues.contains(schema.positive()))
                throw new TableException(
                        location,
                        "column '" + schema.label() + "' never holds the positive value '" + schema.positive()
                                + "' (it holds " + labelValues + ")");
            int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
            return new Table(
                    schema,
                    raw,
                    y,
                    ids,
                    firstCopy.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /**
     * 1 for the positive value, 0 for the other one. The label is binary: a blank one, or a third value, is an
     * error at its line rather than a silent negative.
     */
    private static int label(String value, Set<String> seen, TableSchema schema, String location, long line) {
        String where = "line " + line + ", column '" + schema.label() + "': ";
        if (value.isEmpty()) throw new TableException(location, where + "the label is blank");
        if (seen.add(value) && seen.size() > 2)
            throw new TableException(
                    location,
                    where + "a third label value '" + value + "' after "
                            + seen.stream().limit(2).toList() + "; the label must have two values, one of them '"
                            + schema.positive() + "'");
        return schema.positive().equals(value) ? 1 : 0;
    }

    /** What makes a row a repeat of an earlier one ({@link TableSchema#duplicatePolicy}); empty when nothing does. */
    private static java.util.Optional<List<String>> repeatKey(TableSchema schema, CSVRecord record) {
        if (schema.id() != null) return java.util.Optional.of(List.of(record.get(schema.id())));
        if (Boolean.TRUE.equals(schema.dropDuplicates())) return java.util.Optional.of(List.of(record.values()));
        return java.util.Optional.empty();
    }

    private static void requireColumn(Map<String, Integer> header, String column, String location) {
        if (!header.containsKey(column))
            throw new TableException(location, "no column '" + column + "' (columns: " + header.keySet() + ")");
    }

    private static Double number(String value, String location, long line, String column) {
        if (value.isEmpty()) return null;
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            throw new TableException(
                    location, "line " + line + ", column '" + column + "': '" + value + "' is not a number");
        }
    }
}
