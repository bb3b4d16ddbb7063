package dev.ec2service.hypervisor;

/** A static DHCP reservation: the guest with this MAC always gets this address. */
public record DhcpHost(String mac, String ip, String name) {
}
