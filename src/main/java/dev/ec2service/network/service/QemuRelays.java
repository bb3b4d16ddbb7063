package dev.ec2service.network.service;

import dev.ec2service.hypervisor.HostForward;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.BindException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards in user-mode networking: the guest's address is QEMU's own (10.0.2.15) and unreachable from the host, so
 * QEMU forwards the port itself ({@code hostfwd}, added and removed at run time through the QEMU monitor), as it does
 * the instance's SSH. The forwards live in the QEMU process: a domain that stops loses them, and the lifecycle opens
 * them again on its next start.
 */
@ApplicationScoped
class QemuRelays implements PortRelays {

    private static final String LOOPBACK = "127.0.0.1";

    private final Hypervisor hypervisor;
    /** Host ports forwarded now, by the instance whose QEMU forwards them. */
    private final Map<Integer, String> open = new ConcurrentHashMap<>();

    QemuRelays(Hypervisor hypervisor) {
        this.hypervisor = hypervisor;
    }

    @Override
    public boolean listening(int hostPort) {
        return open.containsKey(hostPort);
    }

    @Override
    public synchronized void open(String instanceId, int hostPort, String guestAddress, int guestPort)
            throws BindException {
        if (instanceId.equals(open.get(hostPort))) {
            return;
        }
        try {
            hypervisor.forwardHostPort(instanceId, new HostForward(LOOPBACK, hostPort, guestPort));
        } catch (HypervisorException e) {
            // QEMU says only that it could not set up the rule: the port is taken, or may not be bound by this user
            BindException bind = new BindException("QEMU could not listen on " + LOOPBACK + ":" + hostPort + " ("
                    + e.getMessage() + ")");
            bind.initCause(e);
            throw bind;
        }
        open.put(hostPort, instanceId);
        Log.infof("%s: QEMU forwards %s:%d to guest port %d", instanceId, LOOPBACK, hostPort, guestPort);
    }

    @Override
    public synchronized void close(String instanceId, int hostPort) {
        if (open.remove(hostPort) == null) {
            return;
        }
        try {
            hypervisor.unforwardHostPort(instanceId, new HostForward(LOOPBACK, hostPort, 1));
            Log.infof("%s: QEMU no longer forwards %s:%d", instanceId, LOOPBACK, hostPort);
        } catch (HypervisorException e) {
            // a domain that stopped or is stopping took its forwards with it
            Log.debugf("%s: removing the forward of %s:%d: %s", instanceId, LOOPBACK, hostPort, e.getMessage());
        }
    }
}
