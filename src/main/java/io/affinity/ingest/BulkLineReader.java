package io.affinity.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.affinity.ingest.RequestParser.RawEvent;
import io.affinity.platform.JsonErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a bulk file as events, one at a time, in constant memory. Each item is an event with its 1-based line
 * number, or the reason its line could not be read.
 */
abstract sealed class BulkLineReader implements Iterator<BulkLineReader.Item>, java.io.Closeable {

    /** One line: the event, or why it is not one. */
    record Item(RawEvent event, Rejection problem, String text) {}

    static BulkLineReader open(BulkFormat format, Reader reader) throws IOException {
        return format == BulkFormat.CSV ? new Csv(reader) : new Ndjson(reader);
    }

    /** One JSON object per line; blank lines are skipped. */
    static final class Ndjson extends BulkLineReader {
        private final BufferedReader in;
        private int lineNo;
        private Item next;

        Ndjson(Reader reader) {
            this.in = new BufferedReader(reader, 1 << 16);
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    if (!line.isBlank()) {
                        next = parse(line);
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Checks the line is one well-formed JSON value; the event itself is read later like any other. */
        private Item parse(String line) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            try (JsonParser p = RequestParser.JSON.createParser(bytes)) {
                p.nextToken();
                p.skipChildren();
                if (p.nextToken() != null) {
                    return new Item(null, new Rejection(lineNo, null, "more than one JSON value on the line"), line);
                }
                return new Item(RawEvent.of(lineNo, bytes), null, line);
            } catch (JsonProcessingException e) {
                var loc = e.getLocation();
                String where = loc == null ? "" : " at column " + loc.getColumnNr();
                return new Item(
                        null,
                        new Rejection(
                                lineNo,
                                null,
                                "malformed JSON" + where + ": " + JsonErrors.plain(e.getOriginalMessage())),
                        line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Item next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Item item = next;
            next = null;
            return item;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * CSV with a header. Columns {@code type} (default track), {@code event}, {@code userId}, {@code anonymousId},
     * {@code previousId}, {@code messageId}, {@code timestamp}, {@code originalTimestamp} map to the call;
     * {@code traits.x} and {@code context.x} to those objects; every other column {@code x} or
     * {@code properties.x} to properties. Empty cells are absent.
     */
    static final class Csv extends BulkLineReader {
        private static final List<String> TOP_LEVEL = List.of(
                "type", "event", "userId", "anonymousId", "previousId", "messageId", "timestamp", "originalTimestamp");
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;

        Csv(Reader reader) throws IOException {
            try {
                this.parser = CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .setIgnoreEmptyLines(true)
                        .setTrim(true)
                        .get()
                        .parse(reader);
            } catch (IllegalArgumentException | UncheckedIOException badHeader) {
                // commons-csv refuses an empty or repeated column name this way: the file cannot be read at all.
                throw new IOException("the CSV header (line 1) is not usable: " + badHeader.getMessage(), badHeader);
            }
            this.records = parser.iterator();
        }

        @Override
        public boolean hasNext() {
            return records.hasNext();
        }

        @Override
        public Item next() {
            CSVRecord r = records.next();
            int line = (int) r.getRecordNumber() + 1;
            if (!r.isConsistent()) {
                return new Item(
                        null,
                        new Rejection(
                                line,
                                null,
                                "has " + r.size() + " cells, the header has "
                                        + parser.getHeaderNames().size()),
                        String.join(",", r.values()));
            }
            ObjectNode event = RequestParser.JSON.createObjectNode();
            event.put("type", "track");
            for (Map.Entry<String, String> cell : r.toMap().entrySet()) {
                String column = cell.getKey();
                String value = cell.getValue();
                if (value == null || value.isEmpty()) {
                    continue;
                }
                if (TOP_LEVEL.contains(column)) {
                    event.put(column, value);
                } else if (column.startsWith("traits.")) {
                    event.withObjectProperty("traits").put(column.substring(7), value);
                } else if (column.startsWith("context.")) {
                    event.withObjectProperty("context").put(column.substring(8), value);
                } else {
                    String name = column.startsWith("properties.") ? column.substring(11) : column;
                    event.withObjectProperty("properties").put(name, value);
                }
            }
            String text = String.join(",", r.values());
            try {
                return new Item(RawEvent.of(line, RequestParser.JSON.writeValueAsBytes(event)), null, text);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }
}
