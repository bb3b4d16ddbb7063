package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.InstanceIds;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.Spare;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    private final InstancePromises promises;
    private final Object reserving = new Object();

    LaunchReservations(AddressAllocator allocator, InstanceStore store, InstancePromises promises) {
        this.allocator = allocator;
        this.store = store;
        this.promises = promises;
    }

    /** Runs {@code work} holding the reservation lock, which concurrent launches and refills take in turn. */
    <T> T locked(Supplier<T> work) {
        synchronized (reserving) {
            return work.get();
        }
    }

    /**
     * Unique among the rows. A spare's is drawn outside the lock: should two draw the same one at the same moment
     * (one chance in four billion), the second fails, as its MAC and row clash with the first's; nothing of the
     * first is overwritten (the id is the key).
     */
    String newId() {
        String id;
        do {
            id = InstanceIds.random();
        } while (store.exists(id));
        return id;
    }

    /**
     * Under the lock, in one visit to the rows (two statements; rows are inserted only under this lock): the
     * promises a launch is checked against, the spare it takes if any, and its id: the spare's, or {@code drawn}
     * unless a row has it. The drawn id is checked here, where the rows are read anyway: a transaction of its own
     * before the lock cost each launch of a burst of ten 1-20 ms. A spare whose id is already an instance's was
     * taken by a launch that could not forget it (a crash right after its row) and is forgotten now; one whose
     * address the DHCP range no longer holds (the range was changed since it was made) is never taken.
     */
    Claim claim(String drawn) {
        List<Spare> spares = allocator.spares();
        Set<String> ids = new HashSet<>();
        ids.add(drawn);
        spares.forEach(s -> ids.add(s.instanceId()));
        InstancePromises.Promises promises = this.promises.read(ids);
        Optional<Spare> spare = Optional.empty();
        for (Spare candidate : spares) {
            if (promises.existingIds().contains(candidate.instanceId())) {
                allocator.forgetSpare(candidate.instanceId());
            } else if (allocator.inRange(candidate)) {
                spare = Optional.of(candidate);
                break;
            }
            // one outside the range is left to the refill, which removes its entry before forgetting it
        }
        String id = spare.map(Spare::instanceId)
                .orElseGet(() -> promises.existingIds().contains(drawn) ? newId() : drawn);
        return new Claim(promises, spare, id);
    }

    /** What {@link #claim} found. */
    record Claim(InstancePromises.Promises promises, Optional<Spare> spare, String id) {
    }

    /**
     * Under the lock, after the launch's row is inserted: the row holds the reservation now. Should forgetting
     * fail, the launch still stands; {@link #claim} and {@link SpareRefill} skip a spare that is an instance.
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
