package io.affinity.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The two AWS event shapes the {@code ingest} function receives: API Gateway HTTP API (v2) and S3 notifications. */
public final class LambdaEvents {

    private LambdaEvents() {}

    /** An API Gateway HTTP API (payload 2.0) request, the fields the tracking API needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HttpApiRequest(String rawPath, Map<String, String> headers, String body, boolean isBase64Encoded) {

        /** A header by case-insensitive name. */
        public String header(String name) {
            if (headers == null) {
                return null;
            }
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        /** The body bytes, base64-decoded when API Gateway says so; content codings are the tracking API's. */
        public byte[] bodyBytes() {
            if (body == null) {
                return new byte[0];
            }
            try {
                return isBase64Encoded ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw IngestException.badRequest("body is marked base64 but is not valid base64");
            }
        }
    }

    /** An API Gateway HTTP API (payload 2.0) response. */
    public record HttpApiResponse(int statusCode, Map<String, String> headers, String body) {
        /** A refusal, as the HTTP API answers it: the same status, JSON body and headers. */
        static HttpApiResponse error(ObjectMapper mapper, io.affinity.platform.ApiException e) {
            HttpApiResponse json = json(mapper, e.status(), e.body());
            Map<String, String> headers = new java.util.HashMap<>(json.headers());
            headers.putAll(e.headers());
            return new HttpApiResponse(json.statusCode(), Map.copyOf(headers), json.body());
        }

        static HttpApiResponse json(ObjectMapper mapper, int status, Object body) {
            try {
                return new HttpApiResponse(
                        status, Map.of("content-type", "application/json"), mapper.writeValueAsString(body));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** An S3 event notification: the objects that were created. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Notification(@JsonProperty("Records") List<S3Record> records) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Record(String eventSource, String eventName, S3Entity s3) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Entity(S3Bucket bucket, S3Object object) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Bucket(String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Object(String key, Long size) {}

    /** True for an S3 notification, false for anything else. */
    static boolean isS3Notification(JsonNode event) {
        JsonNode records = event.path("Records");
        return records.isArray()
                && records.size() > 0
                && "aws:s3".equals(records.get(0).path("eventSource").asText());
    }
}
