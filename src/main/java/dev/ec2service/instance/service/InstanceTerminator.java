package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.port.AddressAllocator;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The second half of a termination (REQ-INST-012): an instance marked {@code shutting-down} loses its domain,
 * files and address, then becomes {@code terminated}. The mark is written first, so a termination that a crash
 * interrupts is finished by the next reconcile.
 */
@ApplicationScoped
public class InstanceTerminator {

    private final InstanceStore store;
    private final InstanceLocks locks;
    private final InstanceResources resources;
    private final AddressAllocator addresses;

    InstanceTerminator(InstanceStore store, InstanceLocks locks, InstanceResources resources,
            AddressAllocator addresses) {
        this.store = store;
        this.locks = locks;
        this.resources = resources;
        this.addresses = addresses;
    }

    /** Finishes the termination if the instance is still {@code shutting-down}; answers the row as it stands. */
    Instance finish(String id) {
        return locks.withLock(id, () -> {
            Instance row = store.find(id).orElse(null);
            if (row == null || row.status != InstanceStatus.SHUTTING_DOWN) {
                return row;
            }
            resources.release(row);
            addresses.stopAwaiting(id);
            Log.infof("%s: terminated", id);
            return store.update(id, i -> {
                i.status = InstanceStatus.TERMINATED;
                i.terminatedAt = Instant.now();
                i.ipAddress = null;
                i.sshPort = null;
            });
        });
    }
}
