package io.affinity.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Access control's settings ({@code affinity.access.*}); see README "Access control". */
@ConfigMapping(prefix = "affinity.access")
public interface AccessConfig {

    /** Turns access control off: every request may do everything. For local experiments only; logged loudly. */
    @WithDefault("false")
    boolean open();

    /**
     * The first admin API key, when a deployment supplies it from its secret store instead of having one made and
     * printed at first start. Stored hashed like any other key.
     */
    Optional<String> initialAdminKey();

    /** A dashboard session ends after this long without a request. */
    @WithDefault("2h")
    java.time.Duration sessionIdle();

    /** ...and after this long in any case. */
    @WithDefault("12h")
    java.time.Duration sessionMax();

    /** The first admin user's password, likewise (the user is named {@code admin}). */
    Optional<String> initialAdminPassword();
}
