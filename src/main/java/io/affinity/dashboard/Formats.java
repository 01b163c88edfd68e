package io.affinity.dashboard;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting used by the templates, in one place. */
@TemplateExtension
public class Formats {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** 1234567 → "1,234,567". */
    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** An instant as a short UTC time, or a dash. */
    static String when(Instant t) {
        return t == null ? "—" : WHEN.format(t);
    }

    /** snake_case kind → "Product viewed". */
    static String label(String kind) {
        String s = kind.replace('_', ' ');
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
