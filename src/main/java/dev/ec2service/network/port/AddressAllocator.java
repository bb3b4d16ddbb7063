package dev.ec2service.network.port;

import dev.ec2service.platform.error.DomainException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The addresses of instances, owned by the network: which address and MAC a new instance gets, the entry that
 * makes the network hand it out, the address the instance is seen with, and the release of all that. The instance
 * row holds the reservation (its address is unique among live rows in the database), so choosing an address writes
 * nothing; {@link #bind} makes the network honour it and {@link #release} undoes that. The libvirt NAT network with
 * its DHCP server is one implementation, QEMU's user-mode networking with an SSH port forwarded from 127.0.0.1 the
 * other; {@code ec2.network.mode} picks one at startup.
 */
public interface AddressAllocator {

    /**
     * Chooses the address and MAC of a new instance. Writes nothing: the caller records the reservation (the row)
     * and serialises concurrent choices itself, since only it knows what is reserved but not yet recorded.
     *
     * @param instanceId the new instance
     * @param reserved what the instances already hold (addresses, forwarded ports)
     * @throws DomainException {@code address-pool-exhausted} (a capacity refusal) when none is left
     */
    Reservation reserve(String instanceId, Collection<Reservation> reserved);

    /**
     * Like {@link #reserve}, for work that can come back later (a spare): chooses only from what the network was
     * seen holding in the last seconds and never waits for it, so it may be called holding the lock launches
     * reserve under; empty when that view is older or nothing is free.
     */
    default Optional<Reservation> reserveWithoutWaiting(String instanceId, Collection<Reservation> reserved) {
        return Optional.empty();
    }

    /**
     * How many {@link Spare spares} this network keeps bound ahead of launches: on the NAT network, where adding a
     * DHCP entry is slow, as configured; elsewhere none.
     */
    default int spareTarget() {
        return 0;
    }

    /** The spares recorded, oldest first; {@link #reserve} never chooses their addresses. */
    default List<Spare> spares() {
        return List.of();
    }

    /**
     * Whether a spare's address is still one this network hands out: the DHCP range may have been changed (a
     * restart with other settings) since the spare was made, and a launch must not get an address outside it.
     */
    default boolean inRange(Spare spare) {
        return true;
    }

    /**
     * Records a spare whose reservation {@link #reserve} chose, before anything is bound for it (the record comes
     * first, so whatever the network holds for it has an owner). The caller holds the lock it reserves under and
     * {@link #bind binds} the spare afterwards.
     */
    default void recordSpare(Spare spare) {
        throw new UnsupportedOperationException("this network keeps no spare addresses");
    }

    /**
     * Forgets a spare: a launch took it (its row, inserted first, now holds the reservation), or it is no longer
     * wanted ({@link #release} then undoes its binding). Never throws for a spare already forgotten.
     */
    default void forgetSpare(String instanceId) {
    }

    /**
     * Makes the network hand the reserved address to the instance, unless it already does; safe to repeat, also
     * at the same time (a spare's binding and the launch that took it).
     */
    void bind(String instanceId, Reservation reservation);

    /**
     * Removes what makes the network hand out the instance's address, exactly as the network holds it (the address
     * may since have been corrected from what the instance was seen with). Tolerates what is already gone; never
     * throws for a failure of the network, which is logged.
     */
    void release(String instanceId, Reservation reservation);

    /**
     * The instance's domain has just started (or runs while the service starts): makes what exists only while it
     * runs, i.e. user-mode networking's SSH forward; nothing on the NAT network. Safe to repeat.
     */
    void started(String instanceId, Reservation reservation);

    /** REQ-INST-015: the address the instance with this MAC has now, as the network sees it. */
    Optional<String> currentAddress(String mac);

    /**
     * The instance has just booted: addresses are looked for quickly until it is seen with one (an
     * {@link AddressesSeen} names it), {@link #stopAwaiting} is called, or a configured time has passed.
     */
    void awaitAddress(String instanceId);

    /** The instance no longer waits for its first address (it was seen with one, or it left running). */
    void stopAwaiting(String instanceId);

    /** Keeps waiting only for these instances (those still booted). */
    void awaitOnly(Set<String> instanceIds);

    /** How many instances wait for their first address. */
    int awaitingCount();

    /**
     * What the network holds for instances now. A sweep lists this before it reads the instances, so everything
     * found either belongs to an instance it reads or was left behind.
     */
    Holdings holdings();

    /**
     * Removes, of the holdings, the entries in this allocator's own range whose owner the predicate calls orphaned
     * (an instance that does not exist). One entry that cannot be removed does not keep the others.
     */
    void releaseOrphans(Holdings holdings, Predicate<String> orphaned);
}
