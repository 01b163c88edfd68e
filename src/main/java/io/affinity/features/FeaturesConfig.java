package io.affinity.features;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How often customer aggregates are recomputed. */
@ConfigMapping(prefix = "affinity.features")
public interface FeaturesConfig {

    /** {@code affinity.features.refresh-every}: period of the aggregate refresh (e.g. 5m), or {@code off}. */
    @WithDefault("5m")
    String refreshEvery();
}
