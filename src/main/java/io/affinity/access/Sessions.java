package io.affinity.access;

import io.affinity.platform.Secrets;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Dashboard sessions, kept in PostgreSQL so that logging out, removing a user or changing their role takes effect
 * on the next request (a self-contained signed cookie would stay valid until it expires). A session ends after
 * {@code affinity.access.session-idle} without a request, and after {@code affinity.access.session-max} in any case.
 */
@ApplicationScoped
public class Sessions {

    public static final String COOKIE = "affinity_session";
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    @ApplicationScoped
    static class Repository implements PanacheRepository<UserSession> {}

    private final Repository sessions;
    private final Users.Repository users;
    private final Duration idle;
    private final Duration max;

    Sessions(Repository sessions, Users.Repository users, AccessConfig config) {
        this.sessions = sessions;
        this.users = users;
        this.idle = config.sessionIdle();
        this.max = config.sessionMax();
    }

    /** A new session for a user who just proved their password; the token goes into the cookie and nowhere else. */
    @Transactional
    public String start(long userId) {
        String token = Secrets.newSecret("", 32);
        UserSession s = new UserSession();
        s.tokenHash = Secrets.sha256(token);
        s.userId = userId;
        s.createdAt = Instant.now();
        s.lastSeenAt = s.createdAt;
        s.expiresAt = s.createdAt.plus(max);
        sessions.persist(s);
        return token;
    }

    /** The user of a live session, or empty (unknown, ended, idle too long, expired, or the user is gone). */
    @Transactional
    public Optional<Users.UserView> userOf(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) return Optional.empty();
        UserSession s =
                sessions.find("tokenHash", (Object) Secrets.sha256(token)).firstResult();
        Instant now = Instant.now();
        if (s == null || now.isAfter(s.expiresAt) || now.isAfter(s.lastSeenAt.plus(idle))) return Optional.empty();
        if (now.isAfter(s.lastSeenAt.plus(TOUCH_EVERY))) s.lastSeenAt = now;
        AppUser u = users.findById(s.userId);
        return Optional.ofNullable(u).map(Users::view);
    }

    @Transactional
    public void end(String token) {
        if (token != null) sessions.delete("tokenHash", (Object) Secrets.sha256(token));
    }

    @Transactional
    public void endAllOf(long userId) {
        sessions.delete("userId", userId);
    }

    @Scheduled(every = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void sweep() {
        Instant now = Instant.now();
        sessions.delete("expiresAt < ?1 or lastSeenAt < ?2", now, now.minus(idle));
    }
}
