package io.affinity.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks the raw bytes of a well-formed JSON value for what PostgreSQL cannot store although JSON allows it: NUL
 * ({@code \u0000} escaped, or a raw zero byte), unpaired UTF-16 surrogates, malformed UTF-8 (which a fast skip over a
 * value does not catch), and numbers whose exponent overflows PostgreSQL's numeric (jsonb keeps numbers as numeric).
 * One linear pass, no allocation: the hot path calls it on every event.
 */
final class JsonText {

    /** PostgreSQL's numeric overflows near 1e131072; nothing real needs more than this. */
    static final int MAX_EXPONENT = 1000;

    private JsonText() {}

    /** What is wrong, and at which byte. */
    record Problem(int at, String message) {}

    /** @return null when the bytes are fine, else what is wrong */
    static String problem(byte[] b, int off, int len) {
        List<Problem> found = new ArrayList<>(1);
        scan(b, off, len, found, 1);
        return found.isEmpty() ? null : found.get(0).message();
    }

    /** Every problem of a whole request (up to {@code max}), so each can be charged to the event it falls in. */
    static List<Problem> problems(byte[] b, int off, int len, int max) {
        List<Problem> found = new ArrayList<>(0);
        scan(b, off, len, found, max);
        return found;
    }

    private static void scan(byte[] b, int off, int len, List<Problem> found, int max) {
        int end = off + len;
        int i = off;
        boolean inString = false;
        while (i < end && found.size() < max) {
            int c = b[i] & 0xff;
            if (c >= 0x80) {
                int n = utf8Length(b, i, end);
                if (n < 0) {
                    found.add(new Problem(i, "is not valid UTF-8 (byte " + (i - off) + ")"));
                    i++;
                    continue;
                }
                i += n;
                continue;
            }
            if (c == 0) {
                found.add(new Problem(i, "contains a NUL byte: send UTF-8 JSON"));
                i++;
                continue;
            }
            if (inString) {
                if (c == '"') {
                    inString = false;
                } else if (c == '\\' && i + 1 < end) {
                    if (b[i + 1] == 'u' && i + 5 < end) {
                        String bad = escape(b, i, end);
                        if (bad != null) {
                            found.add(new Problem(i, bad));
                            i += 6;
                            continue;
                        }
                        i += isHighSurrogate(hex4(b, i + 2)) ? 12 : 6;
                        continue;
                    }
                    i += 2;
                    continue;
                }
            } else if (c == '"') {
                inString = true;
            } else if ((c == 'e' || c == 'E') && i > off && isNumberChar(b[i - 1])) {
                int j = i + 1;
                if (j < end && (b[j] == '+' || b[j] == '-')) {
                    j++;
                }
                int exponent = 0;
                while (j < end && b[j] >= '0' && b[j] <= '9') {
                    exponent = Math.min(exponent * 10 + (b[j] - '0'), 1_000_000);
                    j++;
                }
                if (exponent > MAX_EXPONENT) {
                    found.add(new Problem(
                            i, "has a number with an exponent beyond " + MAX_EXPONENT + ", which cannot be stored"));
                }
                i = j;
                continue;
            }
            i++;
        }
    }

    /** A {@code \\uXXXX} escape at {@code i}: null when storable. */
    private static String escape(byte[] b, int i, int end) {
        int unit = hex4(b, i + 2);
        if (unit == 0) {
            return "contains a NUL character (\\u0000), which cannot be stored";
        }
        if (unit >= 0xDC00 && unit <= 0xDFFF) {
            return "contains an unpaired UTF-16 surrogate (invalid Unicode)";
        }
        if (isHighSurrogate(unit)) {
            int next = i + 11 < end && b[i + 6] == '\\' && b[i + 7] == 'u' ? hex4(b, i + 8) : -1;
            if (next < 0xDC00 || next > 0xDFFF) {
                return "contains an unpaired UTF-16 surrogate (invalid Unicode)";
            }
        }
        return null;
    }

    private static boolean isHighSurrogate(int unit) {
        return unit >= 0xD800 && unit <= 0xDBFF;
    }

    private static boolean isNumberChar(byte c) {
        return (c >= '0' && c <= '9') || c == '.';
    }

    /** Length of the well-formed UTF-8 sequence starting at {@code i}, or -1. */
    private static int utf8Length(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
        if (n < 0 || c > 0xF4 || i + n >= end) {
            return -1;
        }
        for (int k = 1; k <= n; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        int second = b[i + 1] & 0xff;
        if ((c == 0xE0 && second < 0xA0)
                || (c == 0xED && second > 0x9F)
                || (c == 0xF0 && second < 0x90)
                || (c == 0xF4 && second > 0x8F)) {
            return -1;
        }
        return n + 1;
    }

    private static int hex4(byte[] b, int at) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(b[at + k], 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
