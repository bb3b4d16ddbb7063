package dev.ec2service.instance.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a launch request may carry, so a client can check input before sending it. */
@Schema(name = "Limits")
public record LimitsResponse(
        @Schema(description = "Largest user data accepted, in bytes of UTF-8", examples = "16384")
        int maxUserDataBytes,
        @Schema(description = "Longest instance name accepted, in characters", examples = "128")
        int maxInstanceNameLength) {
}
