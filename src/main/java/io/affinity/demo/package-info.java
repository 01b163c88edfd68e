/**
 * Demo data: a seeded, deterministic shop simulator whose customers have latent tastes, and the seeder that feeds
 * its events through the real tracking API on a fresh local start.
 */
package io.affinity.demo;
