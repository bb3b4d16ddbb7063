package dev.ec2service.network.port;

import dev.ec2service.hypervisor.NetworkSpec;
import dev.ec2service.hypervisor.NetworkState;
import dev.ec2service.platform.repair.RepairSchedule;
import dev.ec2service.platform.repair.SetupProblem;
import java.util.Optional;

/** What health reports about the instance network: the network as wanted, its repairs and what is wrong with it. */
public interface NetworkHealth {

    /** The network mode in force and why; in {@code user} mode there is no libvirt network to report. */
    ActiveNetworkMode mode();

    /** The network as the service defines it. */
    NetworkSpec wanted();

    Optional<String> warning();

    /** When the service last tried to define or start the network, why that failed, when it tries next. */
    RepairSchedule.Snapshot repairs();

    /** Why the network cannot take instances, or empty when it can, for a network state already read from libvirt. */
    Optional<SetupProblem> problem(Optional<NetworkState> found);
}
