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

    static String grouped(int n) {
        return grouped((long) n);
    }

    /** An instant as a short UTC time, or a dash. */
    static String when(Instant t) {
        return t == null ? "—" : WHEN.format(t);
    }

    /** A refresh's model versions ({"churn": {"version": 3, "batchRun": 12}}) as "churn v3 (run 12)"; a dash for none. */
    static String versions(com.fasterxml.jackson.databind.JsonNode versions) {
        if (versions == null || versions.isEmpty()) return "—";
        java.util.List<String> parts = new java.util.ArrayList<>();
        versions.fields()
                .forEachRemaining(e -> parts.add(
                        e.getValue().isNull()
                                ? e.getKey() + ": no batch run yet"
                                : e.getKey() + " v"
                                        + e.getValue().path("version").asInt() + " (run "
                                        + e.getValue().path("batchRun").asLong() + ")"));
        return String.join(", ", parts);
    }

    /** 0.1234 → "12.3%". */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** A difference of two rates in percentage points: 0.0123 → "+1.2 pp". */
    static String points(double difference) {
        return String.format(Locale.ROOT, "%+.1f pp", difference * 100);
    }

    /** A relative change: 0.2 → "+20%"; a dash when there is none (nothing to compare with). */
    static String relative(Double change) {
        return change == null ? "—" : String.format(Locale.ROOT, "%+.0f%%", change * 100);
    }

    /** An amount: 1234.5 → "1,234.50". */
    static String money(double amount) {
        return String.format(Locale.ROOT, "%,.2f", amount);
    }

    /** A difference of amounts: "+20.54", "−2.12". */
    static String signedMoney(double amount) {
        return String.format(Locale.ROOT, "%+,.2f", amount).replace('-', '\u2212');
    }

    /** A holdout share as a percentage: 0.1 → "10%". */
    static String share(double share) {
        return java.math.BigDecimal.valueOf(share * 100)
                        .setScale(2, java.math.RoundingMode.HALF_UP)
                        .stripTrailingZeros()
                        .toPlainString()
                + "%";
    }

    /** A customer id as one segment of a page's path ("/customers/{id}"), percent-encoded. */
    static String urlPath(String id) {
        return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** snake_case kind → "Product viewed". */
    static String label(String kind) {
        String s = kind.replace('_', ' ');
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
