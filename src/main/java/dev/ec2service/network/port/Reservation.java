package dev.ec2service.network.port;

/**
 * What the network reserved for an instance; the instance row holds it.
 *
 * @param ip the guest's address (in user-mode networking always QEMU's 10.0.2.15, so not unique)
 * @param mac the guest's MAC
 * @param sshPort in user-mode networking the port on {@link #FORWARD_HOST} forwarded to the guest's SSH, else null
 */
public record Reservation(String ip, String mac, Integer sshPort) {

    /** The host address forwards listen on: loopback only, never the host's other interfaces. */
    public static final String FORWARD_HOST = "127.0.0.1";

    /** A reservation on the NAT network: address and MAC. */
    public Reservation(String ip, String mac) {
        this(ip, mac, null);
    }
}
