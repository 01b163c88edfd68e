package io.affinity.platform;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jackson's errors in the caller's words: the field and what is wrong with it, with line and column, and never a
 * Java class name or a Jackson API name ({@code StreamReadConstraints.getMaxNestingDepth()},
 * {@code Cannot construct instance of io.affinity...}). One place, for request bodies and the tracking API alike.
 */
public final class JsonErrors {

    private JsonErrors() {}

    /** What is wrong, where, and in which field: the whole detail of a 400. */
    public static String describe(JsonProcessingException e, JsonLocation fallback) {
        JsonLocation loc = e.getLocation() != null ? e.getLocation() : fallback;
        String where = where(loc);
        String field = e instanceof JsonMappingException m ? path(m) : "";
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            // The request's own validation (a record's constructor): its message is already in the caller's terms.
            return (field.isEmpty() ? "invalid request" : "field \"" + field + "\"") + where + ": "
                    + e.getCause().getMessage();
        }
        if (!field.isEmpty()) return "field \"" + field + "\"" + where + ": " + problem(e);
        return "malformed JSON" + where + ": " + plain(e.getOriginalMessage());
    }

    /** " at line L, column C", or nothing when the position is unknown. */
    public static String where(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 1
                ? ""
                : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String path(JsonMappingException m) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (out.length() > 0) out.append('.');
                out.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String problem(JsonProcessingException e) {
        if (e instanceof InvalidFormatException f) {
            String expected = f.getTargetType() == String.class ? null : inWords(f.getTargetType());
            String got = StoredText.visible(String.valueOf(f.getValue()));
            return expected == null
                    ? plain(f.getOriginalMessage()) + " (" + got + ")"
                    : "expected " + expected + ", got \"" + got + "\"";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null)
            return "expected " + inWords(m.getTargetType());
        return plain(e.getOriginalMessage());
    }

    /** A Java type as a JSON user knows it. */
    static String inWords(Class<?> type) {
        if (type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class
                || type == short.class
                || type == Short.class) return "a whole number";
        if (type == double.class || type == Double.class || type == float.class || type == Float.class)
            return "a number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type.isEnum())
            return "one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(c -> c.toString().toLowerCase())
                            .collect(Collectors.joining(", "));
        if (type.isArray() || Collection.class.isAssignableFrom(type)) return "an array";
        if (Map.class.isAssignableFrom(type) || type.isRecord()) return "an object";
        return "a value of another kind";
    }

    /** Jackson's own wording without the names of its API or of Java types. */
    public static String plain(String message) {
        if (message == null) return "unreadable";
        return message.replaceAll(", from `[^`]*`\\)", ")")
                .replaceAll("\\(from `[^`]*`\\)", "")
                .replaceAll("`[a-z][\\w$]*(\\.[\\w$]+)+(<[^`]*>)?`", "a value")
                .replace('`', '\'')
                .strip();
    }
}
