package dev.ec2service.platform.api;

import dev.ec2service.platform.error.Kind;

/** The HTTP status of each kind of refusal: the one place REST (and the terminal's HTTP upgrade) decides it. */
public final class ProblemStatus {

    private ProblemStatus() {
    }

    public static int of(Kind kind) {
        return switch (kind) {
            case MALFORMED -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT, CAPACITY -> 409;
            case TOO_LARGE -> 413;
            case INVALID -> 422;
            case TOO_MANY -> 429;
            case FAILED -> 500;
            case UPSTREAM_FAILED -> 502;
            case UNAVAILABLE -> 503;
            case NO_SPACE -> 507;
        };
    }
}
