package io.affinity.access;

import io.affinity.platform.StoredText;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * People who sign in to the dashboard. Passwords are hashed with bcrypt (Elytron's implementation, as Quarkus'
 * own identity stores use); a wrong name costs the same bcrypt check as a wrong password, so the answer's time does
 * not tell which one was wrong.
 */
@ApplicationScoped
public class Users {

    static final int MIN_PASSWORD = 12;
    private static final int COST = 10;
    /** Checked when the name is unknown, so that an unknown name takes as long as a wrong password. */
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("affinity-no-such-user", COST);

    /** A user as listed: never the password or its hash. */
    public record UserView(long id, String name, Roles.UserRole role, Instant createdAt, Instant lastLoginAt) {}

    @ApplicationScoped
    static class Repository implements PanacheRepository<AppUser> {
        Optional<AppUser> byName(String name) {
            return find("lower(name) = lower(?1)", name).firstResultOptional();
        }
    }

    private final Repository users;

    Users(Repository users) {
        this.users = users;
    }

    @Transactional
    public UserView create(String name, String password, String role) {
        AppUser u = new AppUser();
        u.name = ApiKeys.requireName(name);
        if (users.byName(u.name).isPresent()) throw AccessException.conflict("a user named '" + u.name + "' exists");
        u.passwordHash = hash(password);
        u.role = userRole(role);
        u.createdAt = Instant.now();
        users.persist(u);
        return view(u);
    }

    @Transactional
    public UserView setPassword(long id, String password) {
        AppUser u = users.findByIdOptional(id).orElseThrow(() -> AccessException.notFound("no user with id " + id));
        u.passwordHash = hash(password);
        return view(u);
    }

    /** Removes a user; their sessions end with them (the session rows cascade). */
    @Transactional
    public void delete(long id) {
        AppUser u = users.findByIdOptional(id).orElseThrow(() -> AccessException.notFound("no user with id " + id));
        if (u.role == Roles.UserRole.admin && users.count("role", Roles.UserRole.admin) == 1) {
            throw AccessException.conflict("'" + u.name + "' is the last admin user; make another admin first");
        }
        users.delete(u);
    }

    @Transactional
    public List<UserView> list() {
        return users.listAll(Sort.by("id")).stream().map(Users::view).toList();
    }

    @Transactional
    public long count() {
        return users.count();
    }

    /** The user with this name and password, or empty; the same bcrypt work is done either way. */
    @Transactional
    public Optional<UserView> verify(String name, String password) {
        if (name == null || password == null) return Optional.empty();
        Optional<AppUser> found = users.byName(name.trim());
        boolean matches =
                BcryptUtil.matches(password, found.map(u -> u.passwordHash).orElse(DUMMY_HASH));
        if (found.isEmpty() || !matches) return Optional.empty();
        found.get().lastLoginAt = Instant.now();
        return found.map(Users::view);
    }

    private static String hash(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw AccessException.badRequest("a password needs at least " + MIN_PASSWORD + " characters");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            // bcrypt reads 72 bytes; longer passwords would be cut silently
            throw AccessException.badRequest("a password may have at most 72 bytes (bcrypt reads no more)");
        }
        return BcryptUtil.bcryptHash(password, COST);
    }

    static Roles.UserRole userRole(String role) {
        if (role == null)
            throw AccessException.badRequest("'role' is required: one of " + List.of(Roles.UserRole.values()));
        try {
            return Roles.UserRole.valueOf(role);
        } catch (IllegalArgumentException e) {
            throw AccessException.badRequest(
                    "unknown role '" + StoredText.visible(role) + "': one of " + List.of(Roles.UserRole.values()));
        }
    }

    static UserView view(AppUser u) {
        return new UserView(u.id, u.name, u.role, u.createdAt, u.lastLoginAt);
    }
}
