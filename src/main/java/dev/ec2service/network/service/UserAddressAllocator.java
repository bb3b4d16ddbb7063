package dev.ec2service.network.service;

import dev.ec2service.hypervisor.HostForward;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.Holdings;
import dev.ec2service.network.port.Reservation;
import dev.ec2service.platform.config.Ec2Config;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Addresses in QEMU's user-mode networking: each guest sits alone behind QEMU's own NAT at {@link #GUEST_ADDRESS}, so
 * the address is no reservation; the reservation is the port on 127.0.0.1 that QEMU forwards to the guest's SSH. The
 * forward lives in the QEMU process, so it is made again each time the domain starts ({@link #started}) and when the
 * service starts while the domain runs. Nothing is held outside the instance row: the port is free again once the
 * row is terminated.
 */
@ApplicationScoped
@Typed(UserAddressAllocator.class)
public class UserAddressAllocator implements AddressAllocator {

    /** The address QEMU's slirp gives the (only) guest on its network. */
    static final String GUEST_ADDRESS = "10.0.2.15";
    private static final int GUEST_SSH_PORT = 22;

    private final Hypervisor hypervisor;
    private final int firstPort;
    private final int lastPort;

    UserAddressAllocator(Hypervisor hypervisor, Ec2Config config) {
        this.hypervisor = hypervisor;
        this.firstPort = config.network().sshPortMin();
        this.lastPort = config.network().sshPortMax();
    }

    @Override
    public Reservation reserve(String instanceId, Collection<Reservation> reserved) {
        Set<Integer> held = reserved.stream().map(Reservation::sshPort).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        int port = firstFree(firstPort, lastPort, held, UserAddressAllocator::bindable).orElseThrow(
                () -> NetworkErrors.SSH_PORTS_EXHAUSTED.exception("every port of " + firstPort + "-" + lastPort
                        + " on 127.0.0.1 is held by an instance or in use by another program; terminate an instance "
                        + "or widen ec2.network.ssh-port-min/ssh-port-max"));
        return new Reservation(GUEST_ADDRESS, Macs.of(instanceId), port);
    }

    /** The lowest port of the range that no instance holds and that can be bound now. */
    static Optional<Integer> firstFree(int first, int last, Set<Integer> held, IntPredicate bindable) {
        for (int port = first; port <= last; port++) {
            if (!held.contains(port) && bindable.test(port)) {
                return Optional.of(port);
            }
        }
        return Optional.empty();
    }

    private static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(InetAddress.getByName(Reservation.FORWARD_HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Nothing outside QEMU: the domain's interface is its own network. */
    @Override
    public void bind(String instanceId, Reservation reservation) {
    }

    /** The forward goes with the QEMU process; the port with the row. */
    @Override
    public void release(String instanceId, Reservation reservation) {
    }

    @Override
    public void started(String instanceId, Reservation reservation) {
        if (reservation.sshPort() == null) {
            Log.warnf("%s: no SSH port reserved (launched on the NAT network?); nothing forwarded", instanceId);
            return;
        }
        hypervisor.forwardHostPort(instanceId,
                new HostForward(Reservation.FORWARD_HOST, reservation.sshPort(), GUEST_SSH_PORT));
        Log.infof("%s: SSH forwarded from %s:%d", instanceId, Reservation.FORWARD_HOST, reservation.sshPort());
    }

    /** Known from the start: QEMU's slirp always gives the guest this address. */
    @Override
    public Optional<String> currentAddress(String mac) {
        return Optional.empty();
    }

    @Override
    public void awaitAddress(String instanceId) {
    }

    @Override
    public void stopAwaiting(String instanceId) {
    }

    @Override
    public void awaitOnly(Set<String> instanceIds) {
    }

    @Override
    public int awaitingCount() {
        return 0;
    }

    @Override
    public Holdings holdings() {
        return new Holdings(Set.of(), List.of());
    }

    @Override
    public void releaseOrphans(Holdings holdings, Predicate<String> orphaned) {
    }
}
