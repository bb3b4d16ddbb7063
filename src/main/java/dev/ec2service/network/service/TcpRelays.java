package dev.ec2service.network.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.BindException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * TCP relays on the host's loopback, on Vert.x: a {@link NetServer} on {@code 127.0.0.1:port} whose every
 * connection is joined to a new connection to the guest, bytes piped both ways with back-pressure (a side that
 * cannot take more pauses the other), both sides closed together. The relaying runs on event loops and never
 * blocks; opening and closing a relay wait for Vert.x and so are called from workers.
 */
@ApplicationScoped
class TcpRelays implements PortRelays {

    private static final String LOOPBACK = "127.0.0.1";
    private static final long WAIT_SECONDS = 10;

    /** A relay that listens: its server and the connections (both sides) it has open now. */
    private record Relay(NetServer server, Set<NetSocket> connections) {
    }

    private final Vertx vertx;
    private final NetClient client;
    private final Map<Integer, Relay> relays = new ConcurrentHashMap<>();

    TcpRelays(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
    }

    void onStop(@Observes ShutdownEvent event) {
        relays.keySet().forEach(this::close);
    }

    @Override
    public boolean listening(int hostPort) {
        return relays.containsKey(hostPort);
    }

    /**
     * Listens on {@code 127.0.0.1:hostPort} and relays to {@code guestAddress:guestPort}; nothing when it already
     * listens. Throws {@link BindException} when the port cannot be bound (in use, or not permitted).
     */
    @Override
    public void open(String instanceId, int hostPort, String guestAddress, int guestPort) throws BindException {
        open(hostPort, guestAddress, guestPort);
    }

    @Override
    public void close(String instanceId, int hostPort) {
        close(hostPort);
    }

    synchronized void open(int hostPort, String guestAddress, int guestPort) throws BindException {
        requireWorker();
        if (relays.containsKey(hostPort)) {
            return;
        }
        Set<NetSocket> connections = ConcurrentHashMap.newKeySet();
        NetServer server = vertx.createNetServer(new NetServerOptions().setHost(LOOPBACK).setPort(hostPort));
        server.connectHandler(in -> relay(in, guestAddress, guestPort, connections));
        try {
            await(server.listen());
        } catch (IllegalStateException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException bind) {
                    throw bind;
                }
            }
            throw e;
        }
        relays.put(hostPort, new Relay(server, connections));
        Log.infof("forwarding %s:%d to %s:%d", LOOPBACK, hostPort, guestAddress, guestPort);
    }

    /** Stops listening on the port and closes every connection relayed through it; the port is free on return. */
    synchronized void close(int hostPort) {
        requireWorker();
        Relay relay = relays.remove(hostPort);
        if (relay == null) {
            return;
        }
        try {
            await(relay.server().close());
        } catch (IllegalStateException e) {
            Log.warnf("closing the forward on %s:%d: %s", LOOPBACK, hostPort, e.getMessage());
        }
        relay.connections().forEach(NetSocket::close);
        Log.infof("stopped forwarding %s:%d", LOOPBACK, hostPort);
    }

    /**
     * On the event loop: one client connection, joined to the guest once that connection is made. Both callbacks
     * run on the client connection's event loop, so the two sides are closed together without locking.
     */
    private void relay(NetSocket in, String guestAddress, int guestPort, Set<NetSocket> connections) {
        in.pause();
        connections.add(in);
        AtomicReference<NetSocket> guest = new AtomicReference<>();
        AtomicBoolean clientGone = new AtomicBoolean();
        in.closeHandler(v -> {
            clientGone.set(true);
            connections.remove(in);
            NetSocket out = guest.get();
            if (out != null) {
                out.close();
            }
        });
        client.connect(guestPort, guestAddress).onComplete(made -> {
            if (made.failed()) {
                Log.debugf("forward to %s:%d: cannot connect: %s", guestAddress, guestPort, made.cause().getMessage());
                in.close();
                return;
            }
            NetSocket out = made.result();
            if (clientGone.get()) {
                out.close();
                return;
            }
            guest.set(out);
            connections.add(out);
            out.closeHandler(v -> {
                connections.remove(out);
                in.close();
            });
            // the pipes resume the paused client side; each pauses its source while the other side's queue is full
            in.pipeTo(out);
            out.pipeTo(in);
        });
    }

    private static void requireWorker() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("port forwards are opened and closed on worker threads only");
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Vert.x did not answer within " + WAIT_SECONDS + " s", e);
        }
    }
}
