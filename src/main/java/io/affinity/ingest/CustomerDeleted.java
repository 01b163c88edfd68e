package io.affinity.ingest;

import java.util.Set;

/**
 * Fired (synchronously, inside the deleting transaction) when a customer is deleted, so capabilities that keep
 * derived data about them remove it too.
 *
 * @param identities the customer id and every anonymous id or alias linked to it
 */
public record CustomerDeleted(String customerId, Set<String> identities) {}
