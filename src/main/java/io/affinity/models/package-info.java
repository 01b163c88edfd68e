/**
 * Models: the use cases ({@link io.affinity.models.UseCase}, one type per kind of score owning what differs between
 * use cases), the registry of ONNX models and their cards (S3 objects, PostgreSQL index, production pointers), the
 * ONNX Runtime wrapper every side loads a graph with ({@link io.affinity.models.OnnxModel}), and the contracts of
 * model formats between the exporter and serving ({@link io.affinity.models.NeuMFGraph}). Training writes here;
 * scoring reads from here and holds the sessions that serve (scoring.ModelSessions). Owns the tables model_version
 * and model_event. Depends on platform, access (roles), features (the customer inputs a card names) and ingest (the
 * event kinds a use case's label is defined by).
 */
package io.affinity.models;
