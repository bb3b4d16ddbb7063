package dev.ec2service.instance.api;

import dev.ec2service.network.domain.PortForwardState;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One forward of an instance as the API shows it. */
public record PortForwardResponse(
        @Schema(description = "Port on 127.0.0.1 of the host", examples = "8080") int host,
        @Schema(description = "Port in the guest", examples = "80") int guest,
        @Schema(description = "Transport", enumeration = { "tcp" }) String protocol,
        @Schema(description = "Whether 127.0.0.1:host relays to the guest now: while the instance is running")
        boolean listening,
        @Schema(description = "Why the forward of a running instance does not listen (e.g. another program took the "
                + "host port while the instance was stopped); null otherwise") String problem) {

    static PortForwardResponse of(PortForwardState state) {
        return new PortForwardResponse(state.forward().hostPort(), state.forward().guestPort(),
                state.forward().protocol().wire(), state.listening(), state.problem());
    }
}
