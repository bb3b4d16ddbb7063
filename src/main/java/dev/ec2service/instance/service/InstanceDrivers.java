package dev.ec2service.instance.service;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Runs the background half of a transition (provisioning, a stop's wait, a termination's resumption) at most
 * once per instance at a time. The state that asks for the work is in the database before the work starts, so
 * whatever a crash or an outage interrupts is started again from that state by the reconcile.
 */
@ApplicationScoped
public class InstanceDrivers {

    private final ManagedExecutor executor;
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    InstanceDrivers(ManagedExecutor executor) {
        this.executor = executor;
    }

    /** Starts {@code work} for the instance unless work for it is already running; answers whether it started. */
    boolean launch(String id, Runnable work) {
        if (!active.add(id)) {
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    Log.warnf(e, "%s: background work failed; the reconcile will try again", id);
                } finally {
                    active.remove(id);
                }
            });
            return true;
        } catch (RuntimeException e) {
            active.remove(id);
            throw e;
        }
    }

    boolean active(String id) {
        return active.contains(id);
    }

    int count() {
        return active.size();
    }
}
