package dev.ec2service.instance.service;

import dev.ec2service.network.domain.PortForward;
import java.util.List;

/**
 * What a caller gives to create an instance, whichever protocol it came by (REST body, EC2 RunInstances).
 * Only {@code instanceType} and {@code imageId} are required; the service validates every field. {@code ports}
 * are the host-to-guest forwards to claim with the launch (each already checked on its own; may be empty).
 */
public record CreateInstanceCommand(String name, String instanceType, String imageId, String sshKeyName,
        String userData, List<PortForward> ports) {

    public CreateInstanceCommand {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}
