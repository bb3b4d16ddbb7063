package dev.ec2service.network.service;

import java.net.BindException;

/**
 * What carries a forward's connections to the guest, one per network mode: the service itself on the NAT network
 * ({@link TcpRelays}), QEMU's user-mode networking otherwise ({@link QemuRelays}). Calls block; make them on a worker.
 */
interface PortRelays {

    /** Whether 127.0.0.1:hostPort relays now. */
    boolean listening(int hostPort);

    /**
     * Starts relaying 127.0.0.1:hostPort to the guest's port; nothing when it already does. Throws
     * {@link BindException} when the host port cannot be taken (in use, or not permitted).
     */
    void open(String instanceId, int hostPort, String guestAddress, int guestPort) throws BindException;

    /** Stops relaying the port and drops its connections; the port is free on return. */
    void close(String instanceId, int hostPort);
}
