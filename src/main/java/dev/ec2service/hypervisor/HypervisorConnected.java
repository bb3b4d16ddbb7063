package dev.ec2service.hypervisor;

/** CDI event fired each time a connection to libvirt is (re)established, so setup can be (re)applied. */
public record HypervisorConnected(String uri) {
}
