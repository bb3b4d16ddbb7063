package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.InstanceIds;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.Spare;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where new instances get their id and address: the lock under which launches and spares reserve (only its holder
 * knows what is reserved but not recorded yet), ids drawn unique among the rows, and the spare a launch takes
 * ({@link SpareRefill} makes them).
 */
@ApplicationScoped
class LaunchReservations {

    private final AddressAllocator allocator;
    private final InstanceStore store;
    private final Object reserving = new Object();

    LaunchReservations(AddressAllocator allocator, InstanceStore store) {
        this.allocator = allocator;
        this.store = store;
    }

    /** Runs {@code work} holding the reservation lock, which concurrent launches and refills take in turn. */
    <T> T locked(Supplier<T> work) {
        synchronized (reserving) {
            return work.get();
        }
    }

    /**
     * Unique among the rows. Drawn before the reservation lock: should two launches draw the same one at the same
     * moment (one chance in four billion), the second fails, as its MAC and row clash with the first's; nothing of
     * the first is overwritten (the id is the key).
     */
    String newId() {
        String id;
        do {
            id = InstanceIds.random();
        } while (store.exists(id));
        return id;
    }

    /**
     * Under the lock: the spare a launch takes, if any. A spare whose id is already an instance's was taken by a
     * launch that could not forget it (a crash right after its row) and is forgotten now.
     */
    Optional<Spare> nextSpare() {
        for (Spare spare : allocator.spares()) {
            if (!store.exists(spare.instanceId())) {
                return Optional.of(spare);
            }
            allocator.forgetSpare(spare.instanceId());
        }
        return Optional.empty();
    }

    /**
     * Under the lock, after the launch's row is inserted: the row holds the reservation now. Should forgetting
     * fail, the launch still stands; {@link #nextSpare} and {@link SpareRefill} skip a spare that is an instance.
     */
    void taken(Spare spare) {
        try {
            allocator.forgetSpare(spare.instanceId());
        } catch (RuntimeException e) {
            Log.warnf("%s: launched on a spare address that could not be forgotten: %s", spare.instanceId(),
                    e.getMessage());
        }
    }
}
