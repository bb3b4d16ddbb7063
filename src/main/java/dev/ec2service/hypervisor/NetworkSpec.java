package dev.ec2service.hypervisor;

import java.util.List;

/** A NAT network with one IPv4 subnet, a DHCP range and fixed MAC-to-address reservations. */
public record NetworkSpec(
        String name, String gateway, int prefix, String dhcpStart, String dhcpEnd, List<DhcpHost> hosts) {

    public NetworkSpec {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** The settings that matter when comparing a network found in libvirt with the configured one. */
    public boolean sameAddressingAs(NetworkSpec other) {
        return name.equals(other.name) && gateway.equals(other.gateway) && prefix == other.prefix
                && dhcpStart.equals(other.dhcpStart) && dhcpEnd.equals(other.dhcpEnd);
    }
}
