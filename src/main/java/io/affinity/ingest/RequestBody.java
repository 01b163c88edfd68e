package io.affinity.ingest;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A request body as its headers describe it: {@code Content-Type} checked, {@code Content-Encoding} undone here
 * (not by the HTTP layer, which drops the connection of a broken gzip body without an answer), for the tracking API
 * over HTTP and Lambda and for uploads alike.
 */
final class RequestBody {

    private RequestBody() {}

    /**
     * Media types a JSON body may come as: JSON itself, text/plain (what {@code navigator.sendBeacon} sends with a
     * string), a generic binary type, or none at all. A charset label is not taken at its word: JSON is UTF-8
     * (RFC 8259), and bytes that are not are refused by the parser with their position.
     */
    static void checkJsonType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
        boolean json = type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
        if (!json && !type.equals("text/plain") && !type.equals("application/octet-stream")) {
            throw new IngestException(
                    415,
                    "unsupported_media_type",
                    "Content-Type " + type + " is not accepted here: send the events as application/json");
        }
    }

    /**
     * @param maxDecoded the most bytes the caller takes once decoded (a gzip body is never inflated past it)
     * @return the body with its content coding undone
     * @throws IngestException 413 past the limit, 400 for a body that is not the gzip it says, 415 another coding
     */
    static byte[] decode(String contentEncoding, byte[] raw, int maxDecoded) {
        if (!isGzip(contentEncoding)) {
            return raw;
        }
        try (InputStream in = decode(contentEncoding, new ByteArrayInputStream(raw))) {
            byte[] body = in.readNBytes(maxDecoded + 1);
            if (body.length > maxDecoded) {
                throw IngestException.tooLarge("gzip body decodes to more than " + maxDecoded
                        + " bytes, over the limit of " + maxDecoded + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw notGzip(e);
        }
    }

    /** The stream with its content coding undone; a stream that does not start as gzip is refused at once. */
    static InputStream decode(String contentEncoding, InputStream raw) {
        if (!isGzip(contentEncoding)) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            throw notGzip(e);
        }
    }

    /** @return true for gzip, false for none; any other coding is refused with 415 */
    private static boolean isGzip(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return false;
        }
        String coding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (coding.equals("gzip") || coding.equals("x-gzip")) {
            return true;
        }
        if (coding.equals("identity")) {
            return false;
        }
        throw new IngestException(
                415,
                "unsupported_media_type",
                "Content-Encoding " + coding + " is not supported: send the body as gzip or uncompressed");
    }

    private static IngestException notGzip(IOException e) {
        String why = e instanceof EOFException
                ? "it ends before the gzip stream does"
                : e instanceof ZipException z && z.getMessage() != null ? z.getMessage() : "it cannot be read";
        return IngestException.badRequest("body is marked Content-Encoding: gzip but is not valid gzip (" + why + ")");
    }
}
