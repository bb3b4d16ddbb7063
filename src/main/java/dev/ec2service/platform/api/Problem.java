package dev.ec2service.platform.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ec2service.platform.error.ErrorCode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem document, the body of every error answer. */
@Schema(name = "Problem", description = "RFC 9457 problem details")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @Schema(description = "The cause: urn:ec2-as-service:problem:<slug>, one of x-problem-types",
                examples = "urn:ec2-as-service:problem:not-found") String type,
        @Schema(description = "The cause in words, the same for every problem of this type",
                examples = "Instance not found") String title,
        @Schema(description = "The HTTP status", examples = "404") int status,
        @Schema(description = "What happened this time", examples = "instance 'i-0a1b2c3d' does not exist") String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_PREFIX = "urn:ec2-as-service:problem:";

    /** The answer to a refusal of the given cause. */
    public static Problem of(ErrorCode code, String detail) {
        return of(code.slug(), code.title(), ProblemStatus.of(code.kind()), detail);
    }

    /** A problem whose type is {@code urn:ec2-as-service:problem:<slug>}. */
    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail);
    }
}
