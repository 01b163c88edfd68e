package io.affinity.models;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A line of a use case's model history: registered, promoted, kept as candidate, rolled back, and why. */
@Entity
@Table(name = "model_event")
public class ModelEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "use_case", nullable = false)
    public String useCase;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public Instant at;
}
