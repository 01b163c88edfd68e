/**
 * Scoring: the production model of each use case held as one ONNX Runtime session per version, switched when the
 * registry's production pointer moves, and scores with bands and reasons for backends, CRM and batch jobs. The serving
 * call and the batch output follow the use case's kind (ScoringService for probabilities, CtrService for promotion
 * rankings, RecommendService for item rankings; BatchWriter.of). Owns the tables score_run, customer_score and
 * customer_ranking (read back through ScoreHistory).
 */
package io.affinity.scoring;
