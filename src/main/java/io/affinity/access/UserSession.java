package io.affinity.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A signed-in browser: the cookie holds the token, this row its SHA-256, whose it is and until when. */
@Entity
@Table(name = "user_session")
class UserSession {

    @Id
    @Column(name = "token_hash")
    byte[] tokenHash;

    @Column(name = "user_id", nullable = false)
    Long userId;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    Instant lastSeenAt;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;
}
