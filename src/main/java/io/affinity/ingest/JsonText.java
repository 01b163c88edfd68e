package io.affinity.ingest;

/**
 * Checks raw JSON bytes for what PostgreSQL cannot store although JSON allows it: escaped NUL ({@code \u0000})
 * and escaped unpaired UTF-16 surrogates; and for malformed UTF-8, which a fast skip over a value does not catch.
 * One linear pass, no allocation: the hot path calls it on every event.
 */
final class JsonText {

    private JsonText() {}

    /** @return null when the bytes are fine, else what is wrong and at which byte of the slice */
    static String problem(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                if (c == '\\' && i + 1 < end) {
                    if (b[i + 1] == 'u' && i + 5 < end) {
                        int unit = hex4(b, i + 2);
                        if (unit == 0) {
                            return "contains a NUL character (\\u0000), which cannot be stored";
                        }
                        if (unit >= 0xDC00 && unit <= 0xDFFF) {
                            return "contains an unpaired UTF-16 surrogate (invalid Unicode)";
                        }
                        if (unit >= 0xD800 && unit <= 0xDBFF) {
                            int next = i + 6 + 5 < end && b[i + 6] == '\\' && b[i + 7] == 'u' ? hex4(b, i + 8) : -1;
                            if (next < 0xDC00 || next > 0xDFFF) {
                                return "contains an unpaired UTF-16 surrogate (invalid Unicode)";
                            }
                            i += 12;
                            continue;
                        }
                        i += 6;
                        continue;
                    }
                    i += 2;
                    continue;
                }
                i++;
                continue;
            }
            int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
            if (n < 0 || c > 0xF4 || i + n >= end) {
                return "is not valid UTF-8 (byte " + (i - off) + ")";
            }
            for (int k = 1; k <= n; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return "is not valid UTF-8 (byte " + (i - off) + ")";
                }
            }
            int second = b[i + 1] & 0xff;
            if ((c == 0xE0 && second < 0xA0)
                    || (c == 0xED && second > 0x9F)
                    || (c == 0xF0 && second < 0x90)
                    || (c == 0xF4 && second > 0x8F)) {
                return "is not valid UTF-8 (byte " + (i - off) + ")";
            }
            i += n + 1;
        }
        return null;
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
