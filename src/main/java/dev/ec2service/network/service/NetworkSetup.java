package dev.ec2service.network.service;

import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.hypervisor.NetworkSpec;
import dev.ec2service.hypervisor.NetworkState;
import dev.ec2service.platform.config.Ec2Config;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;

/**
 * Makes sure the NAT network of REQ-NET-001/002 exists, runs and starts with libvirtd. An existing
 * network is reused; one with other settings is reported, never replaced behind the user's back.
 */
@ApplicationScoped
public class NetworkSetup {

    private final Hypervisor hypervisor;
    private final Ec2Config.Network config;
    private volatile String warning;

    NetworkSetup(Hypervisor hypervisor, Ec2Config config) {
        this.hypervisor = hypervisor;
        this.config = config.network();
    }

    /** The network as the configuration wants it. */
    public NetworkSpec wanted() {
        return new NetworkSpec(config.name(), config.gateway(), config.prefix(), config.dhcpStart(), config.dhcpEnd(),
                List.of());
    }

    /** A warning about the network found in libvirt, or empty when it matches the configuration. */
    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    void onConnected(@Observes HypervisorConnected event) {
        ensure();
    }

    public void ensure() {
        NetworkSpec wanted = wanted();
        Optional<NetworkState> found = hypervisor.findNetwork(wanted.name());
        if (found.isEmpty()) {
            hypervisor.defineNetwork(wanted);
            Log.infof("defined libvirt network %s (%s/%d, DHCP %s-%s)", wanted.name(), wanted.gateway(),
                    wanted.prefix(), wanted.dhcpStart(), wanted.dhcpEnd());
            found = hypervisor.findNetwork(wanted.name());
        }
        NetworkState state = found.orElseThrow();
        warning = describeMismatch(wanted, state);
        if (warning != null) {
            Log.warn(warning);
        }
        if (!state.active()) {
            hypervisor.startNetwork(wanted.name());
        }
        if (!state.autostart()) {
            hypervisor.setNetworkAutostart(wanted.name());
        }
    }

    static String describeMismatch(NetworkSpec wanted, NetworkState found) {
        NetworkSpec have = found.spec();
        if (have.sameAddressingAs(wanted) && "nat".equals(found.forwardMode())) {
            return null;
        }
        return String.format(
                "libvirt network '%s' exists with other settings (forward %s, %s/%d, DHCP %s-%s) than configured "
                        + "(forward nat, %s/%d, DHCP %s-%s); it is used as it is. To let the service recreate it, "
                        + "stop all instances and run: virsh net-destroy %s; virsh net-undefine %s",
                wanted.name(), found.forwardMode(), have.gateway(), have.prefix(), have.dhcpStart(), have.dhcpEnd(),
                wanted.gateway(), wanted.prefix(), wanted.dhcpStart(), wanted.dhcpEnd(), wanted.name(), wanted.name());
    }
}
