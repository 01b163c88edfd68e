/**
 * Scoring: the production model of each use case held as one ONNX Runtime session per version, switched when the
 * registry's production pointer moves, and scores with bands and reasons for backends, CRM and batch jobs.
 */
package io.affinity.scoring;
