/**
 * Training: training sets from the event store (EventTraining, whose sets the use case defines) or from tables
 * (TableTraining), one classifier flow for both (ClassifierFlow: search, evaluation, card, comparison with
 * production, registration), trainers (LIBLINEAR, Tribuo, XGBoost and first-party NeuMF), ONNX export with a parity
 * check, and training jobs. Owns the table training_job; reads events through the views event_log and customer_event.
 * Refuses what the caller asked wrongly with errors.TrainingException (400); a failed parity check is a 422.
 */
package io.affinity.training;
