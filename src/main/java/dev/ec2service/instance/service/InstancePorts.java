package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.network.domain.PortForward;
import dev.ec2service.network.port.PortForwards;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The instance side of port forwards: claims them with the instance's name in a refusal, and keeps each
 * instance's forwards listening exactly while it is running. Callers hold the instance's lock, except where said.
 */
@ApplicationScoped
class InstancePorts {

    private final PortForwards forwards;
    private final InstanceStore store;
    private final InstanceLocks locks;

    InstancePorts(PortForwards forwards, InstanceStore store, InstanceLocks locks) {
        this.forwards = forwards;
        this.store = store;
        this.locks = locks;
    }

    /**
     * Records the forwards for the instance (all or none). A host port another instance's forward holds is refused
     * naming that instance; one another program listens on, saying so ({@code host-port-in-use}).
     */
    void claim(String instanceId, List<PortForward> wanted) {
        List<PortForward> checked = PortForward.distinct(wanted);
        for (PortForward f : checked) {
            Optional<String> holder = forwards.holder(f);
            if (holder.isPresent()) {
                throw NetworkErrors.HOST_PORT_IN_USE.exception("host port " + f.hostPort() + " is already forwarded "
                        + (holder.get().equals(instanceId) ? "by this instance" : "to " + describe(holder.get())));
            }
        }
        if (!checked.isEmpty()) {
            forwards.claim(instanceId, checked);
        }
    }

    /**
     * A launch: claims its forwards and inserts its row under one monitor, giving the ports back if the row does not
     * follow. The orphan sweep takes the same monitor, so it never sees the claim without the row.
     */
    synchronized <T> T claimWith(String instanceId, List<PortForward> wanted, Supplier<T> insertRow) {
        claim(instanceId, wanted);
        try {
            return insertRow.get();
        } catch (RuntimeException e) {
            forwards.release(instanceId);
            throw e;
        }
    }

    /** Releases the forwards of instances that have no row (a crash between a launch's claim and its row). */
    synchronized void releaseOrphans() {
        for (String id : forwards.all().keySet()) {
            if (!store.exists(id)) {
                Log.warnf("%s: releasing the port forwards of an instance this service does not know", id);
                forwards.release(id);
            }
        }
    }

    private String describe(String id) {
        return store.find(id).map(i -> "instance " + id + (i.name == null ? "" : " (" + i.name + ")"))
                .orElse("instance " + id);
    }

    /** Listens for the instance's forwards: a boot does it just before it records the instance running. */
    void open(Instance row) {
        forwards.open(row.id, row.ipAddress);
    }

    /** Listens for the forwards of a running instance, closes them otherwise. */
    void align(Instance row) {
        alignTo(row, row.status);
    }

    private void alignTo(Instance row, InstanceStatus status) {
        if (status == InstanceStatus.RUNNING && row.ipAddress != null) {
            forwards.open(row.id, row.ipAddress);
        } else {
            forwards.close(row.id);
        }
    }

    /**
     * As {@link #align} for the status the row is about to be given, logging a failure instead of throwing: called
     * before the change is recorded, so the change's event already says whether the forwards listen (a page kept
     * up to date by the feed hears of no other change to them).
     */
    void alignQuietlyBefore(Instance row, InstanceStatus next) {
        try {
            alignTo(row, next);
        } catch (RuntimeException e) {
            Log.warnf("%s: aligning its port forwards failed: %s; the reconcile tries again", row.id, e.getMessage());
        }
    }

    /** Without holding the lock (the reconcile): aligns as the row is under the lock, unless an action holds it. */
    void alignIfFree(String id) {
        locks.withLockIfFree(id, () -> {
            store.find(id).ifPresent(this::align);
            return null;
        });
    }
}
