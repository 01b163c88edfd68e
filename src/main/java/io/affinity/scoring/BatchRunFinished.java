package io.affinity.scoring;

/** Fired (asynchronously) when a batch scoring run has committed its scores: what depends on scores refreshes. */
public record BatchRunFinished(String useCase, long runId, int modelVersion) {}
