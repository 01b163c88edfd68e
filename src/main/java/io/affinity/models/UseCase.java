package io.affinity.models;

import java.util.Arrays;

/** The four things Affinity scores; each has its own models, production pointer and history. */
public enum UseCase {
    RECOMMEND("recommend"),
    CTR("ctr"),
    PROPENSITY("propensity"),
    CHURN("churn");

    private final String id;

    UseCase(String id) {
        this.id = id;
    }

    /** The name used in S3 keys, URLs and cards. */
    public String id() {
        return id;
    }

    public static UseCase of(String id) {
        return Arrays.stream(values())
                .filter(u -> u.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new UnknownModelException(
                        "unknown use case '" + id + "'; use one of recommend, ctr, propensity, churn"));
    }

    @Override
    public String toString() {
        return id;
    }
}
