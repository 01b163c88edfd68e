package io.affinity.scoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How scoring follows the registry and words its answers. */
@ConfigMapping(prefix = "affinity.scoring")
public interface ScoringConfig {

    /** {@code affinity.scoring.refresh-every}: how often the production pointer is re-read (a promotion shows within it). */
    @WithDefault("10s")
    Duration refreshEvery();

    /**
     * {@code affinity.scoring.cache-dir}: where downloaded model files are kept (by version and sha256) for the next
     * start of a warm container; default {@code <java.io.tmpdir>/affinity-models} ({@code /tmp} on Lambda).
     */
    java.util.Optional<java.nio.file.Path> cacheDir();

    /** {@code affinity.scoring.band-medium}: probabilities from here are "medium". */
    @WithDefault("0.3")
    double bandMedium();

    /** {@code affinity.scoring.band-high}: probabilities from here are "high". */
    @WithDefault("0.6")
    double bandHigh();

    /** {@code affinity.scoring.reasons}: how many reasons come with a score. */
    @WithDefault("3")
    int reasons();
}
