package io.affinity.platform;

/** The JSON body of every error answer: a short code and a sentence saying what was wrong and where. */
public record ApiError(String error, String detail) {}
