package dev.ec2service.instance.api;

import dev.ec2service.network.domain.PortForward;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A port forward asked for at launch or added later: host port on 127.0.0.1 to the guest's port. */
public record PortForwardRequest(
        @Schema(description = "Port on the host's loopback (127.0.0.1) to listen on", required = true, minimum = "1",
                maximum = "65535", examples = "8080") Integer host,
        @Schema(description = "Port in the guest to relay to", required = true, minimum = "1", maximum = "65535",
                examples = "80") Integer guest,
        @Schema(description = "Transport; only tcp is forwarded (udp is refused)", enumeration = { "tcp", "udp" },
                defaultValue = "tcp") String protocol) {

    /** The forward, checked: both ports given and in range, a supported protocol ({@code invalid-port-forward}). */
    PortForward toForward() {
        return PortForward.of(host, guest, protocol);
    }
}
