/**
 * Training: datasets from the event store or from tables, preprocessing fitted on the training split, trainers
 * (Tribuo and first-party NeuMF), evaluation, ONNX export with a parity check, and registration as a candidate.
 */
package io.affinity.training;
