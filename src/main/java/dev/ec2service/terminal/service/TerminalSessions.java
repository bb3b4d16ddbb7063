package dev.ec2service.terminal.service;

import dev.ec2service.instance.domain.InstanceLeavingRunning;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The open terminals, by WebSocket connection id; opens them and closes them when their instance stops. */
@ApplicationScoped
public class TerminalSessions {

    private final Map<String, TerminalSession> open = new ConcurrentHashMap<>();
    /**
     * Per connection, the session once {@link #open} has registered it (or null when opening failed).
     * websockets-next runs messages serially but not after {@code @OnOpen}: keystrokes typed at once can
     * arrive while SSH is still connecting, and must wait for the session instead of being dropped.
     */
    private final Map<String, CompletableFuture<TerminalSession>> slots = new ConcurrentHashMap<>();
    private final TerminalConfig config;
    private final HostKeys hostKeys;

    TerminalSessions(TerminalConfig config, HostKeys hostKeys) {
        this.config = config;
        this.hostKeys = hostKeys;
    }

    /** Opens a terminal for a WebSocket connection. Blocking; the message of the exception is for the client. */
    public TerminalSession open(String connectionId, TerminalTarget target, int cols, int rows,
            TerminalSession.Client client) throws IOException {
        TerminalSession session = new TerminalSession(connectionId, target, config,
                hostKeys.verifierFor(target.instanceId()), client, () -> forget(connectionId));
        open.put(connectionId, session);
        // input that arrives now waits inside the session until the shell is there
        slot(connectionId).complete(session);
        try {
            session.open(cols, rows);
        } catch (IOException | RuntimeException e) {
            forget(connectionId);
            throw e;
        }
        return session;
    }

    /** Opening failed before a session existed: input that waits for it is dropped. */
    public void failed(String connectionId) {
        slot(connectionId).complete(null);
        forget(connectionId);
    }

    /** The session of a connection, waiting while {@code @OnOpen} has not registered it yet. */
    public Optional<TerminalSession> await(String connectionId) {
        TerminalSession session = open.get(connectionId);
        if (session != null) {
            return Optional.of(session);
        }
        CompletableFuture<TerminalSession> slot = slot(connectionId);
        try {
            return Optional.ofNullable(slot.get(config.connectTimeout().toMillis() * 3, TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            slots.remove(connectionId, slot);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private CompletableFuture<TerminalSession> slot(String connectionId) {
        return slots.computeIfAbsent(connectionId, id -> new CompletableFuture<>());
    }

    private void forget(String connectionId) {
        open.remove(connectionId);
        CompletableFuture<TerminalSession> slot = slots.remove(connectionId);
        if (slot != null) {
            slot.complete(null);
        }
    }

    public Optional<TerminalSession> find(String connectionId) {
        return Optional.ofNullable(open.get(connectionId));
    }

    /** The WebSocket of {@code connectionId} closed: release its SSH session. */
    public void clientClosed(String connectionId) {
        TerminalSession session = open.get(connectionId);
        forget(connectionId);
        if (session != null) {
            session.clientClosed();
        }
    }

    /** Open terminals of one instance. */
    public List<TerminalSession> of(String instanceId) {
        return open.values().stream().filter(s -> s.instanceId().equals(instanceId)).toList();
    }

    public int count() {
        return open.size();
    }

    /** Stopping or terminating an instance ends its terminals with a reason (REQ-TERM-009). */
    void onLeaving(@Observes InstanceLeavingRunning event) {
        for (TerminalSession session : of(event.instanceId())) {
            forget(session.connectionId());
            try {
                session.end(TerminalSession.GOING_AWAY, event.reason());
            } catch (RuntimeException e) {
                // never let a terminal stand in the way of a stop or a termination
                Log.warnf(e, "%s: closing a terminal failed", event.instanceId());
            }
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        open.values().forEach(s -> s.end(TerminalSession.GOING_AWAY, "the service is shutting down"));
        open.clear();
        Log.debug("terminals closed for shutdown");
    }
}
