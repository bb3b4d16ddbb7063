package dev.ec2service.instance.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PATCH /api/instances/{id}}: what changes on a stopped instance; an absent field stays. */
public record ChangeInstanceRequest(
        @Schema(description = "The new type, one of t2.nano, t2.micro, t2.small, t2.medium, t2.large; the next start "
                + "boots with its vCPUs and memory, the disk keeps its size", examples = "t2.small")
        String instanceType,
        @Schema(description = "The new cloud-init user data, at most 16 KiB (empty removes it); written to the seed "
                + "at the next start. cloud-init runs user data once per instance unless it asks for every boot")
        String userData) {
}
