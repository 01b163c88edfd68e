package io.affinity.models;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One registered model in the PostgreSQL index; its objects are in S3 under {@code models/<use-case>/<version>/}. */
@Entity
@Table(name = "model_version")
public class ModelVersion {

    /** Use case and version number. */
    @Embeddable
    public record Key(
            @Column(name = "use_case") String useCase,
            @Column(name = "version") int version) implements Serializable {}

    @EmbeddedId
    public Key id;

    @Column(nullable = false)
    public String algorithm;

    /** candidate, production or retired. */
    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "primary_metric", nullable = false)
    public String primaryMetric;

    @Column(name = "primary_value", nullable = false)
    public double primaryValue;

    @Column(name = "holdout_id", nullable = false)
    public String holdoutId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String card;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "promoted_at")
    public Instant promotedAt;
}
