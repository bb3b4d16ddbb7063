package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.InstanceNetwork;
import dev.ec2service.network.port.Spare;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Keeps the configured number of spare addresses (the first with a launch prepared ahead, see
 * {@link PreparedLaunches}): forgets spares that launches took, releases those beyond the
 * number, binds what a crash left recorded but unbound, and reserves and binds the missing ones, one refill at a
 * time: when the last booted guest has finished its boot (its SSH answers, see {@link BootSettling}) and at every
 * reconcile, unless an instance is on its way up or down, and only once instances have been left alone for a
 * moment ({@link #PAUSE}).
 */
@ApplicationScoped
class SpareRefill {

    private final LaunchReservations reservations;
    private final AddressAllocator allocator;
    private final InstanceStore store;
    private final InstancePromises promises;
    private final InstanceLocks locks;
    private final InstanceNetwork network;
    private final PreparedLaunches prepared;
    private final BootSettling settling;
    private final ManagedExecutor executor;
    /**
     * How long instances must have gone unchanged (no launch, start, stop, termination or address) before a refill
     * begins. A spare's entry and a prepared QEMU take both cores here for 1-2 s: a script that terminates an
     * instance and launches the next ones at once (the bench, Terraform replacing instances) had those launches
     * answered beside the refill that followed the termination (the prepared QEMU started in the middle of them).
     */
    static final Duration PAUSE = Duration.ofSeconds(1);
    /** Instances that keep changing less than {@link #PAUSE} apart hold a refill back no longer than this. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
    /** Instances on their way up or down, which no refill runs beside. */
    private static final Set<InstanceStatus> CHANGING =
            EnumSet.of(InstanceStatus.PENDING, InstanceStatus.STOPPING, InstanceStatus.SHUTTING_DOWN);

    private final Object refilling = new Object();
    private final AtomicBoolean queued = new AtomicBoolean();
    /** Set when the service begins to stop: a refill still running then loses its database mid-way, as expected. */
    private volatile boolean stopping;

    SpareRefill(LaunchReservations reservations, AddressAllocator allocator, InstanceStore store,
            InstancePromises promises, InstanceLocks locks, InstanceNetwork network, PreparedLaunches prepared,
            BootSettling settling, ManagedExecutor executor) {
        this.reservations = reservations;
        this.allocator = allocator;
        this.store = store;
        this.promises = promises;
        this.locks = locks;
        this.network = network;
        this.prepared = prepared;
        this.settling = settling;
        this.executor = executor;
    }

    /**
     * Before libvirt's connection closes (hence the early priority): a paused QEMU prepared for the next launch
     * would outlive the service for nothing, since the next run prepares its own.
     */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopping = true;
        try {
            prepared.close(allocator.spares());
        } catch (RuntimeException e) {
            Log.warnf("the launch prepared ahead was not removed at shutdown: %s; the next start removes it",
                    e.getMessage());
        }
    }

    /**
     * A refill in the background, once for any number of calls made while one is queued; none while an instance
     * is being brought up ({@code pending}: launched or started) or taken down (stopping, shutting down), or a
     * booted one waits for its first address. A spare's entry holds the network's lock for 0.5-1 s, which a
     * guest's start and every read of the leases wait behind: the new instance, its details and the lease poll
     * that finds its address would be held up just when its user waits for them. Nor while a guest that has its
     * address finishes its boot: the entry and a prepared QEMU would take the cores from its last steps.
     * {@link InstanceAddresses} asks again once the last such guest's SSH answers (or it stops waiting), and so
     * does every reconcile. The refill begins once no instance has changed for {@link #PAUSE} (or after
     * {@link #LONGEST_WAIT}).
     */
    void soon() {
        if (stopping || !quiet()) {
            return;
        }
        if (queued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    try {
                        awaitPause();
                    } catch (InterruptedException e) {
                        queued.set(false);
                        Thread.currentThread().interrupt();
                        return;
                    }
                    queued.set(false);
                    refillQuietly();
                });
            } catch (RuntimeException e) {
                queued.set(false);
                Log.debugf("spare addresses not refilled: %s", e.getMessage());
            }
        }
    }

    /**
     * Until instances have been left alone for {@link #PAUSE}, waiting again after each change, at most
     * {@link #LONGEST_WAIT} in all; calls made meanwhile are this refill's.
     */
    private void awaitPause() throws InterruptedException {
        long deadline = System.nanoTime() + LONGEST_WAIT.toNanos();
        Duration left;
        while (!stopping && System.nanoTime() < deadline
                && (left = PAUSE.minus(store.sinceLastChange())).compareTo(Duration.ZERO) > 0) {
            Thread.sleep(left.toMillis() + 1);
        }
    }

    /**
     * No booted guest waits for its first address or is between it and its SSH server ({@link BootSettling}), and
     * no instance is on its way up or down: pending (its start may be under way), stopping or shutting down (libvirt
     * stops its QEMU and the network drops its entry).
     */
    private boolean quiet() {
        return allocator.awaitingCount() == 0 && !settling.settling()
                && store.live().stream().noneMatch(row -> CHANGING.contains(row.status));
    }

    private void refillQuietly() {
        try {
            // asked again: a launch may have begun, or the service begun to stop, while this waited
            if (!stopping && quiet()) {
                refill();
            }
        } catch (HypervisorException e) {
            Log.debugf("spare addresses not refilled: %s", e.getMessage());
        } catch (RuntimeException e) {
            if (stopping) {
                Log.debugf("spare addresses not refilled, the service is stopping: %s", e.getMessage());
            } else {
                Log.warnf("spare addresses not refilled: %s; the next reconcile tries again", e.getMessage());
            }
        }
    }

    void refill() {
        synchronized (refilling) {
            int target = allocator.spareTarget();
            if ((target == 0 && allocator.spares().isEmpty()) || network.problem().isPresent()) {
                return;
            }
            List<Spare> released = new ArrayList<>();
            List<Spare> kept = reservations.locked(() -> keepOrRelease(target, released));
            released.forEach(spare -> prepared.discardUnlessLaunched(spare.instanceId()));
            allocator.spares().stream().filter(spare -> !allocator.inRange(spare)).forEach(this::releaseOutsideRange);
            kept.forEach(this::bind);
            fill(target - kept.size());
            // the address first: a prepared QEMU's interface is on the spare's MAC
            prepared.prepareFor(allocator.spares());
        }
    }

    /** Reserves and binds the missing spares; stops when the range is full or the service begins to stop. */
    private void fill(int missing) {
        for (int left = missing; left > 0 && !stopping; left--) {
            String id = reservations.newId();
            // a fresh view of the network, read while no lock is held: choosing from it under the lock then
            // waits for nothing
            allocator.holdings();
            Optional<Spare> made = reservations.locked(() -> reserve(id));
            if (made.isEmpty()) {
                return;
            }
            bind(made.get());
        }
    }

    /**
     * Under the reservation lock: the spares to keep. One beyond the number is released and forgotten before the
     * lock is given back, since once forgotten its address is free to the next launch, whose view of the network
     * may predate the entry (libvirt would then refuse the launch's entry for the same address). That release
     * waits for libvirt under the lock; it happens only after the setting was lowered. One outside the DHCP range
     * is left to {@link #releaseOutsideRange}.
     */
    private List<Spare> keepOrRelease(int target, List<Spare> released) {
        List<Spare> kept = new ArrayList<>();
        List<Spare> spares = allocator.spares();
        if (spares.isEmpty()) {
            return kept;
        }
        // one read for all of them, as a launch's claim does
        Set<String> taken = promises.read(spares.stream().map(Spare::instanceId).toList()).existingIds();
        for (Spare spare : spares) {
            if (taken.contains(spare.instanceId())) {
                allocator.forgetSpare(spare.instanceId());
            } else if (!allocator.inRange(spare)) {
                // neither kept nor counted: releaseOutsideRange removes it once the lock is given back
                continue;
            } else if (kept.size() < target) {
                kept.add(spare);
            } else {
                // released first: should the service stop in between, the next refill finds it recorded again
                allocator.release(spare.instanceId(), spare.reservation());
                allocator.forgetSpare(spare.instanceId());
                released.add(spare);
            }
        }
        return kept;
    }

    /**
     * A spare made before the DHCP range was changed. No launch takes it and its address is none a launch may be
     * given, so its entry is removed without the reservation lock (launches do not wait for libvirt behind it). It
     * is forgotten only once the network no longer holds the entry: the leak sweep leaves entries outside the range
     * alone, so a failed removal is tried again by the next refill rather than left behind.
     */
    private void releaseOutsideRange(Spare spare) {
        prepared.discardUnlessLaunched(spare.instanceId());
        allocator.release(spare.instanceId(), spare.reservation());
        if (!allocator.holdings().holds(spare.reservation().mac())) {
            allocator.forgetSpare(spare.instanceId());
            Log.infof("released the spare address %s of %s: outside the DHCP range", spare.reservation().ip(),
                    spare.instanceId());
        }
    }

    /**
     * Under the reservation lock: a new spare, recorded before its entry is made. None when the range is full
     * (launches take the addresses left as they come) or the network was not read just now: nothing here may wait
     * for libvirt while launches queue on the lock.
     */
    private Optional<Spare> reserve(String id) {
        Optional<Spare> spare = allocator.reserveWithoutWaiting(id, promises.read().reservations())
                .map(reservation -> new Spare(id, reservation));
        spare.ifPresent(allocator::recordSpare);
        return spare;
    }

    /**
     * Under the instance's lock and only while it is still a spare: a launch may have taken it since it was read,
     * failed or been terminated, and released its entry (under that lock), which must not come back.
     */
    private void bind(Spare spare) {
        locks.withLock(spare.instanceId(), () -> {
            if (!store.exists(spare.instanceId()) && allocator.spares().contains(spare)) {
                allocator.bind(spare.instanceId(), spare.reservation());
            }
            return null;
        });
    }
}
