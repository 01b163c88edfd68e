package io.affinity.ingest;

import io.affinity.access.Roles;
import io.affinity.platform.DecodesContent;
import io.affinity.platform.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.List;

/**
 * Bulk imports over HTTP: start one from an S3 object of the bucket, or stream a local file as the request body
 * ({@code curl --data-binary @events.ndjson}); list recent imports with their progress.
 */
@RolesAllowed(Roles.MANAGE)
@Path("/api/imports")
public class ImportResource {

    /** Body of an import from S3: the key of an object under {@code imports/<source>/}. */
    public record S3Import(String key) {}

    /** One import with a page of its line errors. */
    public record ImportDetail(ImportJob job, int offset, int limit, List<RejectionLog.Line> rejections) {}

    private final BulkImportService imports;
    private final ImportJobRepository jobs;
    private final RejectionLog rejections;

    ImportResource(BulkImportService imports, ImportJobRepository jobs, RejectionLog rejections) {
        this.imports = imports;
        this.jobs = jobs;
        this.rejections = rejections;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public BulkImportService.ImportSummary fromS3(S3Import body) {
        if (body == null || body.key() == null || body.key().isBlank()) {
            throw IngestException.badRequest("expected a JSON body {\"key\": \"imports/<source>/<file>\"}");
        }
        return imports.importS3Object(body.key());
    }

    /** Streams the request body; {@code name} tells the format (.ndjson, .jsonl, .csv, optionally .gz). */
    @POST
    @Path("/upload")
    @DecodesContent
    @Consumes(MediaType.WILDCARD)
    public BulkImportService.ImportSummary upload(
            @QueryParam("source") String source,
            @QueryParam("name") String name,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            InputStream body) {
        if (source == null || name == null) {
            throw IngestException.badRequest("query parameters 'source' and 'name' are required");
        }
        return imports.importUpload(source, name, RequestBody.decode(contentEncoding, body));
    }

    @GET
    @jakarta.transaction.Transactional
    public List<ImportJob> latest() {
        return jobs.latest(50);
    }

    /** An import's progress and its rejected lines in line order ({@code offset}, {@code limit} up to 1000). */
    @GET
    @Path("/{id}")
    @jakarta.transaction.Transactional
    public ImportDetail one(
            @PathParam("id") long jobId, @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        ImportJob job =
                jobs.findByIdOptional(jobId).orElseThrow(() -> IngestException.notFound("no import with id " + jobId));
        QueryParams.Page page = QueryParams.page(offset, limit);
        return new ImportDetail(
                job, page.offset(), page.limit(), rejections.ofImport(jobId, page.offset(), page.limit()));
    }
}
