package dev.ec2service.hypervisor.libvirt;

import dev.ec2service.hypervisor.DomainLifecycleListener;
import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.hypervisor.HypervisorUnavailableException;
import dev.ec2service.hypervisor.HypervisorUri;
import dev.ec2service.platform.config.Ec2Config;
import dev.ec2service.platform.startup.StartupWork;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;

/**
 * Owns the one libvirt connection: opens it, keeps it alive, notices when it is lost (close
 * callback, keepalive, periodic probe) and reopens it with exponential backoff. The service runs
 * degraded meanwhile; every call then fails with {@link HypervisorUnavailableException}.
 */
@ApplicationScoped
public class LibvirtConnection {

    /** libvirt keepalive: a probe every 5 s, the connection is dead after 3 unanswered ones. */
    private static final int KEEPALIVE_INTERVAL_S = 5;
    private static final int KEEPALIVE_COUNT = 3;

    /** Held for the life of the process: libvirt calls it from native code. */
    private static final ErrorCallback SILENT_ERRORS = new ErrorCallback();

    private final String uri;
    private final Duration minDelay;
    private final Duration maxDelay;
    private final Event<HypervisorConnected> connected;
    private final List<DomainLifecycleListener> listeners = new CopyOnWriteArrayList<>();
    private final LifecycleListener lifecycleBridge = this::onLifecycle;
    private final StartupWork startup;

    private volatile Connect connect;
    private volatile String lastError = "the service is starting and has not connected yet";
    /** Set by the startup step: until then the probe leaves connecting to it, so nothing runs before the grants. */
    private volatile boolean started;
    private volatile boolean eventLoopRunning;
    private Duration delay;
    private Instant nextAttempt = Instant.EPOCH;

    LibvirtConnection(Ec2Config config, Event<HypervisorConnected> connected, StartupWork startup) {
        this.startup = startup;
        this.uri = HypervisorUri.resolve(config);
        this.minDelay = config.libvirt().reconnectMinDelay();
        this.maxDelay = config.libvirt().reconnectMaxDelay();
        this.delay = minDelay;
        this.connected = connected;
    }

    /**
     * The last startup step: connecting fires {@link HypervisorConnected}, whose observers set up the network and
     * pool and start the reconcile, which may resume launches and so needs QEMU's grants (an earlier step).
     */
    void onStart(@Observes @Priority(100) StartupEvent event) {
        startup.add("libvirt", 100, () -> {
            startEventLoop();
            started = true;
            reconnectIfDue();
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        Connect c = connect;
        connect = null;
        unregisterCallbacks(c);
        closeQuietly(c);
        if (eventLoopRunning) {
            try {
                Library.stopEventLoop();
            } catch (LibvirtException | RuntimeException e) {
                Log.debug("stopping libvirt's event loop", e);
            }
        }
    }

    /** Every {@code ec2.libvirt.probe-interval}; the default is that of {@code Ec2Config.Libvirt#probeInterval()}. */
    @Scheduled(every = "${ec2.libvirt.probe-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probe() {
        if (!started) {
            return;
        }
        aliveOrLost(connect);
        reconnectIfDue();
    }

    /**
     * Throws {@link HypervisorUnavailableException} unless the connection is open. Asks the client library, not
     * libvirtd, when libvirt's event loop runs: the keepalive and the close callback then keep its view of the
     * socket current, and a round trip here made every launch of a burst queue behind the others' on the one
     * connection (1-17 ms each on two cores). Without the event loop only a round trip finds a dead libvirtd.
     */
    void requireAlive() {
        if (!aliveOrLost(connect)) {
            throw new HypervisorUnavailableException("libvirt at " + uri + " is not reachable: " + lastError);
        }
        if (!eventLoopRunning) {
            call(Connect::getLibVersion);
        }
    }

    /** Whether {@code c} is open, as the client library knows without a round trip; forgotten if not. */
    private boolean aliveOrLost(Connect c) {
        if (c == null) {
            return false;
        }
        try {
            if (c.isAlive()) {
                return true;
            }
            lost(c, "libvirt closed the connection");
        } catch (LibvirtException e) {
            lost(c, LibvirtErrors.translate(e).getMessage());
        }
        return false;
    }

    public String uri() {
        return uri;
    }

    public boolean isConnected() {
        return connect != null;
    }

    public String lastError() {
        return lastError;
    }

    public void addLifecycleListener(DomainLifecycleListener listener) {
        listeners.add(listener);
    }

    /** Runs one call on the live connection and translates whatever libvirt throws. */
    <T> T call(LibvirtCall<T> call) {
        Connect c = connect;
        if (c == null) {
            throw new HypervisorUnavailableException("libvirt at " + uri + " is not reachable: " + lastError);
        }
        try {
            return call.apply(c);
        } catch (LibvirtException e) {
            HypervisorException translated = LibvirtErrors.translate(e);
            if (translated instanceof HypervisorUnavailableException) {
                lost(c, translated.getMessage());
            }
            throw translated;
        }
    }

    private synchronized void reconnectIfDue() {
        if (connect != null || Instant.now().isBefore(nextAttempt)) {
            return;
        }
        Connect c = null;
        try {
            c = new Connect(uri);
            if (eventLoopRunning) {
                c.setKeepAlive(KEEPALIVE_INTERVAL_S, KEEPALIVE_COUNT);
                Connect self = c;
                c.registerCloseListener((closed, reason) -> lost(self, "connection closed: " + reason));
                c.addLifecycleListener(lifecycleBridge);
            }
            connect = c;
            delay = minDelay;
            lastError = null;
            Log.infof("connected to libvirt at %s", uri);
        } catch (LibvirtException e) {
            closeQuietly(c);
            scheduleRetry(LibvirtErrors.translate(e).getMessage());
            return;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            scheduleRetry("the libvirt client library is not installed (" + e.getMessage() + ")");
            return;
        }
        try {
            connected.fire(new HypervisorConnected(uri));
        } catch (RuntimeException e) {
            Log.errorf(e, "setting up libvirt objects after connecting to %s failed", uri);
        }
    }

    private void scheduleRetry(String reason) {
        if (!reason.equals(lastError)) {
            Log.warnf("libvirt at %s is not reachable (%s); retrying in %s", uri, reason, delay);
        }
        lastError = reason;
        nextAttempt = Instant.now().plus(delay);
        delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
    }

    private synchronized void lost(Connect which, String reason) {
        if (connect != which || which == null) {
            return;
        }
        connect = null;
        Log.warnf("lost the connection to libvirt at %s: %s", uri, reason);
        lastError = reason;
        nextAttempt = Instant.now().plus(minDelay);
        delay = minDelay;
        closeQuietly(which);
    }

    private int onLifecycle(org.libvirt.Domain domain, DomainEvent event) {
        try {
            String name = domain.getName();
            DomainState state = switch (event.getType()) {
                case STARTED, RESUMED -> DomainState.RUNNING;
                case SUSPENDED -> DomainState.PAUSED;
                case STOPPED -> DomainState.SHUT_OFF;
                case SHUTDOWN -> DomainState.SHUTTING_DOWN;
                case CRASHED -> DomainState.CRASHED;
                default -> DomainState.OTHER;
            };
            listeners.forEach(l -> l.onLifecycleEvent(name, state));
        } catch (LibvirtException | RuntimeException e) {
            Log.debug("ignoring a lifecycle event that could not be read", e);
        }
        return 0;
    }

    private void startEventLoop() {
        try {
            // libvirt prints every error to stderr by default; they reach us as exceptions and are logged once there
            Connect.setErrorCallback(SILENT_ERRORS);
            Library.initEventLoop();
            Thread loop = new Thread(() -> {
                try {
                    Library.runEventLoop();
                } catch (LibvirtException e) {
                    Log.warn("libvirt's event loop ended", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "libvirt-events");
            loop.setDaemon(true);
            loop.start();
            eventLoopRunning = true;
        } catch (LibvirtException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            Log.warnf("libvirt's event loop is unavailable (%s); lost connections are found by probing only",
                    e.getMessage());
        }
    }

    /**
     * Before a live connection is closed: libvirt keeps a connection with callbacks registered alive after the
     * close and calls them on a Java object whose connection is gone (a NullPointerException each event, and a
     * connection never freed). Not for a lost connection: it sends no events, and its close callback runs on the
     * event loop, which unregistering would wait for.
     */
    private void unregisterCallbacks(Connect c) {
        if (c == null || !eventLoopRunning) {
            return;
        }
        try {
            c.removeLifecycleListener(lifecycleBridge);
        } catch (LibvirtException | RuntimeException e) {
            Log.debug("unregistering a libvirt connection's lifecycle callback", e);
        }
        try {
            c.unregisterCloseListener();
        } catch (LibvirtException | RuntimeException e) {
            Log.debug("unregistering a libvirt connection's close callback", e);
        }
    }

    private static void closeQuietly(Connect c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (LibvirtException | RuntimeException e) {
            Log.debug("closing a libvirt connection", e);
        }
    }
}
