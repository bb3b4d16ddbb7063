package dev.ec2service.network.service;

import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.network.domain.PortForward;
import dev.ec2service.network.domain.PortForwardState;
import dev.ec2service.network.port.PortForwards;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Port forwards, recorded in SQLite and listening on the host's loopback while the instance runs: relayed by this
 * service on the NAT network ({@link TcpRelays}), by QEMU in user-mode networking ({@link QemuRelays}). Why a running instance's forward does not listen is kept in memory
 * (it is decided again at each open).
 */
@ApplicationScoped
class StoredPortForwards implements PortForwards {

    private final PortForwardStore store;
    private final PortRelays relays;
    private final Map<Integer, String> problems = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    StoredPortForwards(PortForwardStore store, TcpRelays service, QemuRelays qemu, NetworkModes modes) {
        this.store = store;
        this.relays = modes.active().user() ? qemu : service;
    }

    @Override
    public Optional<String> holder(PortForward forward) {
        return store.holder(forward.key());
    }

    @Override
    public synchronized void claim(String instanceId, List<PortForward> forwards) {
        List<PortForward> checked = PortForward.distinct(forwards);
        for (PortForward f : checked) {
            Optional<String> holder = store.holder(f.key());
            if (holder.isPresent()) {
                throw NetworkErrors.HOST_PORT_IN_USE.exception("host port " + f.hostPort()
                        + " is already forwarded to instance " + holder.get());
            }
            requireBindable(f.hostPort());
        }
        store.insert(instanceId, checked);
    }

    /** Another program listening on the port (on the loopback or on every address) makes a bind fail. */
    private static void requireBindable(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw NetworkErrors.HOST_PORT_IN_USE.exception(bindRefusal(port, e));
        } catch (IOException e) {
            throw NetworkErrors.HOST_PORT_IN_USE.exception("cannot listen on 127.0.0.1:" + port + ": "
                    + e.getMessage());
        }
    }

    static String bindRefusal(int port, BindException e) {
        String why = String.valueOf(e.getMessage());
        return why.toLowerCase(java.util.Locale.ROOT).contains("in use")
                ? "host port " + port + " is in use by another program on this host (not an instance's forward)"
                : "cannot listen on 127.0.0.1:" + port + ": " + why;
    }

    @Override
    public void open(String instanceId, String guestAddress) {
        for (PortForward f : store.of(instanceId)) {
            if (relays.listening(f.hostPort())) {
                continue;
            }
            try {
                relays.open(instanceId, f.hostPort(), guestAddress, f.guestPort());
                problems.remove(f.hostPort());
                generation.incrementAndGet();
            } catch (BindException e) {
                String why = bindRefusal(f.hostPort(), e);
                if (!why.equals(problems.put(f.hostPort(), why))) {
                    generation.incrementAndGet();
                    Log.warnf("%s: forward %d -> %d not listening: %s", instanceId, f.hostPort(), f.guestPort(), why);
                }
            }
        }
    }

    @Override
    public void close(String instanceId) {
        for (PortForward f : store.of(instanceId)) {
            closeOne(instanceId, f.hostPort());
        }
    }

    @Override
    public synchronized void remove(String instanceId, PortForward.Key key) {
        if (!store.delete(instanceId, key)) {
            throw NetworkErrors.PORT_FORWARD_NOT_FOUND.exception("instance " + instanceId + " has no " + key.protocol()
                    .wire() + " forward from host port " + key.hostPort());
        }
        closeOne(instanceId, key.hostPort());
        Log.infof("%s: forward from host port %d removed", instanceId, key.hostPort());
    }

    /** The generation moves after the change, so a listing that read it before cannot be taken for a newer one. */
    private void closeOne(String instanceId, int hostPort) {
        relays.close(instanceId, hostPort);
        problems.remove(hostPort);
        generation.incrementAndGet();
    }

    @Override
    public synchronized void release(String instanceId) {
        close(instanceId);
        store.deleteAll(instanceId);
    }

    @Override
    public List<PortForwardState> of(String instanceId) {
        return store.of(instanceId).stream().map(this::state).toList();
    }

    @Override
    public Map<String, List<PortForwardState>> all() {
        return store.all().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().map(this::state).toList()));
    }

    @Override
    public long generation() {
        return generation.get();
    }

    private PortForwardState state(PortForward f) {
        return new PortForwardState(f, relays.listening(f.hostPort()), problems.get(f.hostPort()));
    }
}
