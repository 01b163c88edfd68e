package io.affinity.platform;

/**
 * Text on its way into PostgreSQL, which cannot store NUL ({@code U+0000}) in {@code text} or {@code jsonb}, nor an
 * unpaired UTF-16 surrogate (it is not Unicode). Two uses: a name a caller gives (a source, a file, a customer id, a
 * reason) is refused with {@link #problem}; a diagnostic that quotes what a caller sent (a field path in an error,
 * an excerpt) is kept readable and storable with {@link #visible}.
 */
public final class StoredText {

    private StoredText() {}

    /**
     * @return null when {@code s} can be stored as it is, else what is wrong with it, in words
     */
    public static String problem(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "contains a NUL character (\\u0000), which cannot be stored";
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate (invalid Unicode)";
            }
        }
        return null;
    }

    /**
     * {@code s} with NUL, unpaired surrogates and other control characters (tab and line breaks aside) written as
     * JSON-style {@code \\uXXXX} escapes, so a person reads what was sent and PostgreSQL can store it.
     */
    public static String visible(String s) {
        if (s == null || isPlain(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                out.append(c).append(s.charAt(++i));
            } else if (escaped(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (escaped(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean escaped(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || Character.isSurrogate(c);
    }
}
