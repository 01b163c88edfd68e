package io.affinity.scoring;

/**
 * Fired when a batch scoring run has committed its scores, first to synchronous observers (before the run's caller
 * gets its answer), then to asynchronous ones: what depends on scores refreshes.
 */
public record BatchRunFinished(String useCase, long runId, int modelVersion) {}
