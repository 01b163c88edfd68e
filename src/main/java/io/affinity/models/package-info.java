/**
 * Models: the registry of ONNX models and their cards (S3 objects, PostgreSQL index, production pointers) and the
 * ONNX Runtime sessions that run them. Training writes here; scoring reads from here.
 */
package io.affinity.models;
