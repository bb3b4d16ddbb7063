package dev.ec2service.instance.api;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.domain.PortForwardState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An instance as the API shows it: every field of REQ-INST-014 plus image, MAC and the reason for its state. */
public record InstanceResponse(
        String id,
        String name,
        @Schema(ref = InstanceTypesDocument.NAME_SCHEMA) String instanceType,
        InstanceStatus status,
        String stateReason,
        int vcpus,
        int memoryMb,
        int diskGb,
        @Schema(description = "The guest's address; in user-mode networking always QEMU's 10.0.2.15, reachable only "
                + "through ssh_endpoint")
        String ipAddress,
        @Schema(description = "Where SSH to the guest answers, host:port: 127.0.0.1:<forwarded port> in user-mode "
                + "networking, <ip_address>:22 on the NAT network; null while there is no address")
        String sshEndpoint,
        String macAddress,
        String sshKeyName,
        String imageId,
        String libvirtUuid,
        Instant createdAt,
        Instant launchedAt,
        Instant terminatedAt,
        @Schema(description = "Tags by key, the same ones the EC2 API's CreateTags and TagSpecification set")
        Map<String, String> tags,
        @Schema(description = "Port forwards from 127.0.0.1 on the host to the guest, by host port")
        List<PortForwardResponse> ports) {

    public static InstanceResponse of(Instance i, Map<String, String> tags, List<PortForwardState> ports) {
        return new InstanceResponse(i.id, i.name, i.instanceType, i.status, i.stateReason, i.vcpus, i.memoryMb,
                i.diskGb, i.ipAddress, i.sshEndpoint().map(Instance.SshEndpoint::toString).orElse(null), i.macAddress,
                i.sshKeyName, i.imageId, i.libvirtUuid, i.createdAt, i.launchedAt, i.terminatedAt, tags,
                ports.stream().map(PortForwardResponse::of).toList());
    }
}
