package dev.ec2service.terminal.service;

import dev.ec2service.instance.domain.InstanceLeavingRunning;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The terminals of the service, by WebSocket connection id: opens them within the limits of
 * {@link TerminalConfig#maxPerInstance()} and {@link TerminalConfig#maxTotal()}, closes them when their
 * instance stops, and counts what they hold. A terminal stays here, and keeps its slot, until its SSH
 * connection is gone — not merely until its socket closes.
 */
@ApplicationScoped
public class TerminalSessions {

    private final Map<String, TerminalSession> open = new ConcurrentHashMap<>();
    private final AtomicInteger sshConnections = new AtomicInteger();
    private final TerminalConfig config;
    private final HostKeys hostKeys;
    private final TerminalSession.Scheduler scheduler;
    private final TerminalLimits limits;

    TerminalSessions(TerminalConfig config, HostKeys hostKeys, TerminalSession.Scheduler scheduler) {
        this.config = config;
        this.hostKeys = hostKeys;
        this.scheduler = scheduler;
        this.limits = new TerminalLimits(config.maxPerInstance(), config.maxTotal());
    }

    /**
     * Registers a terminal for a WebSocket connection and starts connecting; returns at once. Refused
     * refused (too many) when a limit is reached. Keystrokes may be written to the session right away.
     */
    public TerminalSession open(String connectionId, TerminalTarget target, int cols, int rows,
            TerminalSession.Client client) {
        limits.reserve(target.instanceId());
        TerminalSession session;
        try {
            session = new TerminalSession(connectionId, target, config, hostKeys.verifierFor(target.instanceId()), client,
                    scheduler, new Tracker(connectionId, target.instanceId()));
            open.put(connectionId, session);
            session.start(cols, rows);
        } catch (RuntimeException e) {
            open.remove(connectionId);
            limits.release(target.instanceId());
            throw e;
        }
        return session;
    }

    /** Refuses (too many) when one more terminal on the instance would exceed a limit (the preflight). */
    public void requireCapacity(String instanceId) {
        limits.check(instanceId);
    }

    public Optional<TerminalSession> find(String connectionId) {
        return Optional.ofNullable(open.get(connectionId));
    }

    /** The WebSocket of {@code connectionId} closed: release its SSH session. */
    public void clientClosed(String connectionId) {
        TerminalSession session = open.get(connectionId);
        if (session != null) {
            session.clientClosed();
        }
    }

    /** Terminals of one instance that still hold a slot (open, connecting, or letting go of SSH). */
    public List<TerminalSession> of(String instanceId) {
        return open.values().stream().filter(s -> s.instanceId().equals(instanceId)).toList();
    }

    /** Terminals that still hold a slot. */
    public int count() {
        return open.size();
    }

    /** SSH connections to guests the terminals hold open right now. */
    public int sshConnections() {
        return sshConnections.get();
    }

    /** Stopping or terminating an instance ends its terminals with a reason (REQ-TERM-009). */
    void onLeaving(@Observes InstanceLeavingRunning event) {
        for (TerminalSession session : of(event.instanceId())) {
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
        Log.debug("terminals closed for shutdown");
    }

    /** One session's hooks into the counts. */
    private final class Tracker implements TerminalSession.Listener {

        private final String connectionId;
        private final String instanceId;

        Tracker(String connectionId, String instanceId) {
            this.connectionId = connectionId;
            this.instanceId = instanceId;
        }

        @Override
        public void sshConnected() {
            sshConnections.incrementAndGet();
        }

        @Override
        public void sshDisconnected() {
            sshConnections.decrementAndGet();
        }

        @Override
        public void ended(TerminalSession session) {
            open.remove(connectionId, session);
            limits.release(instanceId);
            Log.debugf("%s: terminal %s released (%d open, %d SSH connections)", instanceId, connectionId, open.size(),
                    sshConnections.get());
        }
    }
}
