package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.AddressesSeen;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records on running instances the addresses the network sees them with (REQ-INST-013, REQ-NET-004): after each
 * poll of the network, and when one instance is read (REQ-INST-015).
 */
@ApplicationScoped
public class InstanceAddresses {

    private final InstanceStore store;
    private final AddressAllocator allocator;
    private final SpareRefill spares;
    private final BootSettling settling;

    InstanceAddresses(InstanceStore store, AddressAllocator allocator, SpareRefill spares, BootSettling settling) {
        this.spares = spares;
        this.settling = settling;
        this.store = store;
        this.allocator = allocator;
    }

    void onAddressesSeen(@Observes AddressesSeen seen) {
        List<Instance> live = store.live();
        // an instance that left running (stopped, failed, terminated) before its first lease waits no more
        Set<String> booted = live.stream().filter(i -> i.status == InstanceStatus.RUNNING
                || i.status == InstanceStatus.PENDING).map(i -> i.id).collect(Collectors.toSet());
        int awaiting = allocator.awaitingCount();
        allocator.awaitOnly(booted);
        awaitedAll(awaiting);
        for (Instance i : live) {
            try {
                apply(i, seen.of(i.macAddress));
            } catch (RuntimeException e) {
                Log.warnf("%s: address from its lease not recorded: %s", i.id, e.getMessage());
            }
        }
    }

    /** REQ-INST-015: the address of one instance as the network sees it now. */
    Instance refreshAddress(Instance row) {
        try {
            return apply(row, allocator.currentAddress(row.macAddress));
        } catch (RuntimeException e) {
            // a lease the database cannot take (its address held by another instance) must not fail a read
            Log.warnf("%s: address from its lease not recorded: %s", row.id, e.getMessage());
            return row;
        }
    }

    private Instance apply(Instance row, Optional<String> seen) {
        if (seen.isEmpty() || row.status != InstanceStatus.RUNNING) {
            return row;
        }
        int awaiting = allocator.awaitingCount();
        allocator.stopAwaiting(row.id);
        boolean lastAwaited = awaiting > 0 && allocator.awaitingCount() == 0;
        String address = seen.get();
        Instance recorded = row;
        try {
            if (!Objects.equals(address, row.ipAddress)) {
                Log.infof("%s: address %s (was %s)", row.id, address, row.ipAddress);
                // decided again on the row as committed: a stop or termination may have come in between
                recorded = store.update(row.id, i -> {
                    if (i.status == InstanceStatus.RUNNING) {
                        i.ipAddress = address;
                    }
                });
            }
            return recorded;
        } finally {
            // also when the address could not be recorded: the spares held back for the boots are made once this
            // guest has finished its boot
            if (lastAwaited && allocator.spareTarget() > 0) {
                settling.afterBoot(recorded, spares::soon);
            } else if (lastAwaited) {
                spares.soon();
            }
        }
    }

    /** The last boot waiting for its first address stopped waiting: the spares held back for it are made now. */
    private void awaitedAll(int awaitingBefore) {
        if (awaitingBefore > 0 && allocator.awaitingCount() == 0) {
            spares.soon();
        }
    }
}
