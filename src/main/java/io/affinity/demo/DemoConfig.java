package io.affinity.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo shop seeded on a fresh local start. */
@ConfigMapping(prefix = "affinity.demo")
public interface DemoConfig {

    /** {@code affinity.demo.enabled}: seed the demo shop; the launcher turns it on with the embedded PostgreSQL. */
    @WithDefault("false")
    boolean enabled();

    /** {@code affinity.demo.customers}: number of simulated customers. */
    @WithDefault("2000")
    int customers();

    /** {@code affinity.demo.products}: catalogue size. */
    @WithDefault("300")
    int products();

    /** {@code affinity.demo.categories}: product categories (up to 16 have names). */
    @WithDefault("12")
    int categories();

    /** {@code affinity.demo.campaigns}: ad campaigns. */
    @WithDefault("20")
    int campaigns();

    /** {@code affinity.demo.days}: days of history ending now. */
    @WithDefault("90")
    int days();

    /** {@code affinity.demo.seed}: the same seed gives the same shop. */
    @WithDefault("42")
    long seed();
}
