/**
 * Customer features: identity resolution and behavioural aggregates (recency, frequency, monetary value, counts per
 * event kind and category) computed from the event store as of a point in time — one definition for training and
 * scoring.
 */
package io.affinity.features;
