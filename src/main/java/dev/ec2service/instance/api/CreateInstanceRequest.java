package dev.ec2service.instance.api;

import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.network.domain.PortForward;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/instances} (REQ-INST-004). */
public record CreateInstanceRequest(
        @Schema(description = "Display name; printable text, at most 128 characters (GET /api/limits)",
                examples = "web-1") String name,
        @Schema(ref = InstanceTypesDocument.NAME_SCHEMA, description = "The instance type; GET /api/instance-types "
                + "lists them", required = true, examples = "t2.micro") String instanceType,
        @Schema(description = "Id of an available image", required = true, examples = "ubuntu-22.04") String imageId,
        @Schema(description = "Name of an imported or generated key pair, installed for the image's default user",
                examples = "laptop") String sshKeyName,
        @Schema(description = "cloud-init user data (#cloud-config or a #! script), at most 16 KiB (GET /api/limits), "
                + "passed as is", examples = "#cloud-config\npackages: [nginx]\n")
        String userData,
        @Schema(description = "Ports of the host's loopback (127.0.0.1) forwarded to the guest while it runs; each "
                + "host port at most once") List<PortForwardRequest> ports) {

    /** The forwards asked for, each checked on its own ({@code invalid-port-forward}); none when absent. */
    List<PortForward> forwards() {
        if (ports == null) {
            return List.of();
        }
        return PortForward.distinct(ports.stream().map(p -> {
            if (p == null) {
                throw NetworkErrors.INVALID_PORT_FORWARD.exception("a port forward is null; give host and guest");
            }
            return p.toForward();
        }).toList());
    }
}
