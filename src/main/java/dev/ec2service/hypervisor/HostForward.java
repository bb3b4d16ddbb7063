package dev.ec2service.hypervisor;

/**
 * A TCP port on the host forwarded by QEMU's user-mode networking to a port of the guest.
 *
 * @param hostAddress a literal IPv4 address of the host to listen on (the service uses 127.0.0.1)
 */
public record HostForward(String hostAddress, int hostPort, int guestPort) {

    public HostForward {
        if (!hostAddress.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("not an IPv4 address: " + hostAddress);
        }
        if (hostPort < 1 || hostPort > 65535 || guestPort < 1 || guestPort > 65535) {
            throw new IllegalArgumentException("ports must be 1-65535: " + hostPort + ", " + guestPort);
        }
    }
}
