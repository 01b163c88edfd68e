package io.affinity.ingest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A bulk import of one file and its progress, updated after every committed chunk. */
@Entity
@Table(name = "import_job")
public class ImportJob {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "source_id", nullable = false)
    public Long sourceId;

    @Column(nullable = false)
    public String origin;

    @Column(nullable = false)
    public String format;

    @Column(nullable = false)
    public String status;

    public long lines;
    public long accepted;
    public long duplicates;
    public long suppressed;
    public long rejected;
    public String error;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Touched after every committed chunk: a running job whose process died stops moving. */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
