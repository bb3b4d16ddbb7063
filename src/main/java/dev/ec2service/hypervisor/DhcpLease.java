package dev.ec2service.hypervisor;

import java.time.Instant;

/** One lease of the network's DHCP server. */
public record DhcpLease(String mac, String ip, String hostname, Instant expiresAt) {
}
