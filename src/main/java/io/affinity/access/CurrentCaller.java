package io.affinity.access;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/** For the dashboard's pages: who is signed in ({@code {inject:caller.name}}), empty when no one is. */
@Named("caller")
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String getName() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    /** {@code {#if inject:caller.may('marketer')}}: whether the page should offer what that role may do. */
    public boolean may(String role) {
        return identity.hasRole(role);
    }
}
