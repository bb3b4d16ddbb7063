package dev.ec2service.ec2api.service;

import dev.ec2service.ec2api.config.Ec2ApiConfig;
import dev.ec2service.ec2api.domain.Ec2Launch;
import dev.ec2service.ec2api.model.Ec2Model;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.platform.arch.Arch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Our instances in EC2's shape: state codes, reservation, placement, root volume, tags. */
@ApplicationScoped
public class InstanceViews {

    private final Ec2ApiConfig config;

    InstanceViews(Ec2ApiConfig config) {
        this.config = config;
    }

    /** EC2's state and code; {@code error} (which EC2 does not have) shows as stopped, its reason in stateReason. */
    public static Ec2Model.InstanceState state(InstanceStatus status) {
        return switch (status) {
            case PENDING -> new Ec2Model.InstanceState(0, "pending");
            case RUNNING -> new Ec2Model.InstanceState(16, "running");
            case SHUTTING_DOWN -> new Ec2Model.InstanceState(32, "shutting-down");
            case TERMINATED -> new Ec2Model.InstanceState(48, "terminated");
            case STOPPING -> new Ec2Model.InstanceState(64, "stopping");
            case STOPPED, ERROR -> new Ec2Model.InstanceState(80, "stopped");
        };
    }

    public static String reservationId(String instanceId, Ec2Launch launch) {
        return launch == null ? Ec2Ids.reservationOf(instanceId) : launch.reservationId;
    }

    public Ec2Model.Instance view(Instance i, Ec2Launch launch, Map<String, String> tags, String region) {
        Ec2Model.StateReason reason = switch (i.status) {
            case ERROR -> new Ec2Model.StateReason("Server.InternalError", "Server.InternalError: " + i.stateReason);
            case STOPPED, STOPPING -> new Ec2Model.StateReason("Client.UserInitiatedShutdown",
                    "Client.UserInitiatedShutdown: User initiated shutdown");
            case TERMINATED, SHUTTING_DOWN -> new Ec2Model.StateReason("Client.UserInitiatedShutdown",
                    "Client.UserInitiatedShutdown: User initiated shutdown");
            default -> null;
        };
        boolean live = i.status != InstanceStatus.TERMINATED;
        String ip = live ? i.ipAddress : null;
        String dns = ip == null ? "" : "ip-" + ip.replace('.', '-') + "." + region + ".compute.internal";
        List<Ec2Model.GroupIdentifier> groups = List.of(new Ec2Model.GroupIdentifier(NetworkActions.GROUP_ID,
                NetworkActions.GROUP_NAME));
        List<Ec2Model.InstanceBlockDeviceMapping> volumes = live ? List.of(new Ec2Model.InstanceBlockDeviceMapping(
                "/dev/vda", new Ec2Model.EbsInstanceBlockDevice(i.createdAt, true, "attached",
                        Ec2Ids.volume(i.id)))) : List.of();
        return new Ec2Model.Instance(i.id, i.imageId == null ? null : Ec2Ids.ami(i.imageId), state(i.status), dns,
                "", i.stateReason == null ? "" : i.stateReason, i.sshKeyName, launch == null ? 0 : launch.launchIndex,
                List.of(), i.instanceType, i.launchedAt != null ? i.launchedAt : i.createdAt,
                new Ec2Model.Placement(AccountActions.zone(region), "", "default"),
                new Ec2Model.Monitoring("disabled"), live ? NetworkActions.SUBNET_ID : null,
                live ? NetworkActions.VPC_ID : null, ip, ip, true, groups, reason, Arch.X86_64.ec2Name(), "ebs",
                "/dev/vda", volumes, "hvm", launch == null || launch.clientToken == null ? "" : launch.clientToken,
                Ec2Filters.tagList(tags), false, true, new Ec2Model.CpuOptions(i.vcpus, 1), "Linux/UNIX");
    }

    public String ownerId() {
        return config.accountId();
    }
}
