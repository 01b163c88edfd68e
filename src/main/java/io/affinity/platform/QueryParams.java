package io.affinity.platform;

import jakarta.ws.rs.BadRequestException;

/**
 * Typed query parameters with a 400 that names the parameter. JAX-RS answers a query parameter it cannot convert
 * (an {@code int k} given {@code k=abc}) with a bare 404, as if the resource did not exist; resources take such
 * parameters as strings and read them here instead.
 */
public final class QueryParams {

    private QueryParams() {}

    /** The whole number in {@code value}, or {@code absent} when the parameter is not given. */
    public static int wholeNumber(String name, String value, int absent) {
        if (value == null || value.isBlank()) return absent;
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException("query parameter " + name + ": '" + value + "' is not a whole number");
        }
    }

    /** The finite number in {@code value}, or null when the parameter is not given. */
    public static Double number(String name, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            double d = Double.parseDouble(value.strip());
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException("query parameter " + name + ": '" + value + "' is not a number");
    }

    /** A page of a listing: {@code limit} rows from {@code offset}. */
    public record Page(int offset, int limit) {}

    /** {@code ?offset=0&limit=100}: a limit of 1..1000, an offset of 0 or more; otherwise a 400 that says so. */
    public static Page page(String offset, String limit) {
        int from = wholeNumber("offset", offset, 0);
        int n = wholeNumber("limit", limit, 100);
        if (from < 0 || n < 1 || n > 1000) throw new BadRequestException("offset must be 0 or more and limit 1..1000");
        return new Page(from, n);
    }
}
