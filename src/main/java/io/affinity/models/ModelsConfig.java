package io.affinity.models;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the registry decides promotions. */
@ConfigMapping(prefix = "affinity.models")
public interface ModelsConfig {

    /** {@code affinity.models.auto-promote}: promote a candidate that beats production on the same holdout. */
    @WithDefault("true")
    boolean autoPromote();

    /**
     * {@code affinity.models.promotion-margin}: how much higher the candidate's primary metric must be than
     * production's on the same holdout (0.005 = half a point of AUC).
     */
    @WithDefault("0.0")
    double promotionMargin();
}
