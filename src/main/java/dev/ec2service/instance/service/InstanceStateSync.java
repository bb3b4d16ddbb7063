package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.DomainInfo;
import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceIds;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.Holdings;
import dev.ec2service.network.port.Spare;
import dev.ec2service.platform.files.DataHome;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Keeps the instances table in step with libvirt: lifecycle events as they happen (a guest that powers itself off
 * is {@code stopped} without anyone asking), a periodic reconcile as a safety net and after restarts. Every change
 * is decided again under the instance's lock on the row and domain as they are then, so a decision made on a
 * stale snapshot is never written over a newer state. Instances in a transition ({@code pending}, {@code stopping},
 * {@code shutting-down}) belong to the work that completes it; the reconcile restarts that work where nothing runs
 * it, which is how a launch, stop or termination interrupted by a restart or an outage is finished.
 */
@ApplicationScoped
public class InstanceStateSync {

    private final InstanceStore store;
    private final InstanceLocks locks;
    private final InstanceDrivers drivers;
    private final InstanceProvisioner provisioner;
    private final InstanceTerminator terminator;
    private final InstanceResources resources;
    private final Hypervisor hypervisor;
    private final AddressAllocator addresses;
    private final DataHome home;
    private final InstanceConfig config;
    private final ManagedExecutor executor;
    private final InstancePorts ports;
    private final SpareRefill spares;
    private final PreparedLaunches prepared;
    private volatile Instant lastReconcile = Instant.EPOCH;
    /** Set by each (re)connection: the next reconcile looks for leftovers once. */
    private final AtomicBoolean sweepDue = new AtomicBoolean();
    private final AtomicBoolean forwardsDue = new AtomicBoolean();
    private volatile boolean connectedOnce;
    private final ForwardsToRestore forwardsToRestore = new ForwardsToRestore();
    /**
     * One reconcile at a time: the one a (re)connection starts and the scheduled one would otherwise skip each
     * other's instances (each takes an instance only if it is free).
     */
    private final ReentrantLock reconciling = new ReentrantLock();

    InstanceStateSync(InstanceStore store, InstanceLocks locks, InstanceDrivers drivers,
            InstanceProvisioner provisioner, InstanceTerminator terminator, InstanceResources resources,
            Hypervisor hypervisor, AddressAllocator addresses, DataHome home, InstanceConfig config,
            ManagedExecutor executor, InstancePorts ports, SpareRefill spares, PreparedLaunches prepared) {
        this.store = store;
        this.locks = locks;
        this.drivers = drivers;
        this.provisioner = provisioner;
        this.terminator = terminator;
        this.resources = resources;
        this.hypervisor = hypervisor;
        this.addresses = addresses;
        this.home = home;
        this.config = config;
        this.executor = executor;
        this.ports = ports;
        this.spares = spares;
        this.prepared = prepared;
    }

    void onStart(@Observes StartupEvent event) {
        hypervisor.addLifecycleListener((name, state) -> {
            if (InstanceIds.ID.matcher(name).matches()) {
                executor.execute(() -> reconcileQuietly(name));
            }
        });
    }

    /**
     * After the network's and the pool's observers, which have then made or repaired what they could (a resumed boot
     * still waits for a network that is not usable yet).
     */
    void onConnected(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) HypervisorConnected event) {
        // adopt what kept running while the service (or libvirtd) was away, finish what was interrupted
        connectedOnce = true;
        sweepDue.set(true);
        forwardsDue.set(true);
        executor.execute(this::reconcileAll);
    }

    /** Starts the stop's wait in the background: the guest was asked to power off. */
    void followStop(String id) {
        drivers.launch(id, () -> finishStop(id, false));
    }

    /**
     * Waits for a guest asked to power off and pulls the plug after the timeout. With {@code press} it asks the
     * guest first (a stop resumed after a restart). Gives up quietly on a libvirt failure: the instance stays
     * {@code stopping} and the reconcile resumes the stop.
     */
    void finishStop(String id, boolean press) {
        Duration timeout = config.stopTimeout();
        Instant deadline = Instant.now().plus(timeout);
        try {
            if (!stopping(id)) {
                return;
            }
            if (press && hypervisor.findDomain(id).map(d -> d.state() == DomainState.RUNNING).orElse(false)) {
                Log.infof("%s: resuming the stop (ACPI power button)", id);
                hypervisor.shutdownDomain(id);
            }
            while (Instant.now().isBefore(deadline)) {
                Optional<DomainInfo> domain = hypervisor.findDomain(id);
                if (domain.isEmpty() || domain.get().state() == DomainState.SHUT_OFF || !stopping(id)) {
                    break;
                }
                Thread.sleep(200);
            }
            locks.withLock(id, () -> {
                Instance row = store.find(id).orElse(null);
                if (row == null || row.status != InstanceStatus.STOPPING) {
                    return null;
                }
                boolean forced = hypervisor.findDomain(id).map(d -> d.state() != DomainState.SHUT_OFF).orElse(false);
                if (forced) {
                    Log.warnf("%s: the guest ignored the power button for %s; forcing it off", id, timeout);
                    hypervisor.destroyDomain(id);
                }
                store.update(id, i -> {
                    i.status = InstanceStatus.STOPPED;
                    i.stateReason = forced ? "user requested stop; forced off after the guest ignored the power button for "
                            + timeout.toSeconds() + " s" : "user requested stop";
                });
                Log.infof("%s: stopped", id);
                return null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (HypervisorException e) {
            Log.warnf("%s: finishing the stop failed: %s; the reconcile will resume it", id, e.getMessage());
        }
    }

    private boolean stopping(String id) {
        return store.find(id).map(r -> r.status == InstanceStatus.STOPPING).orElse(false);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledReconcile() {
        if (!connectedOnce) {
            // the first reconcile is the one the connection starts, after the network's and pool's observers
            return;
        }
        // never behind a reconcile that runs (a connection's sweep may wait for instances): it covers every
        // instance and tries the pending forwards itself
        if (Instant.now().isAfter(lastReconcile.plus(config.reconcileInterval()))) {
            unlessOneRuns(this::reconcileAllNow);
        } else if (!forwardsToRestore.isEmpty()) {
            unlessOneRuns(this::restoreForwards);
        }
    }

    void reconcileAll() {
        reconciling.lock();
        try {
            reconcileAllNow();
        } finally {
            reconciling.unlock();
        }
    }

    private void unlessOneRuns(Runnable work) {
        if (reconciling.tryLock()) {
            try {
                work.run();
            } finally {
                reconciling.unlock();
            }
        }
    }

    private void reconcileAllNow() {
        lastReconcile = Instant.now();
        try {
            Map<String, DomainInfo> domains = hypervisor.listDomains().stream()
                    .collect(Collectors.toMap(DomainInfo::name, Function.identity()));
            for (Instance row : store.live()) {
                try {
                    if (!resume(row)) {
                        reconcile(row, Optional.ofNullable(domains.get(row.id)));
                    }
                } catch (RuntimeException e) {
                    Log.warnf("%s: reconcile failed: %s", row.id, e.getMessage());
                }
            }
            // port forwards listen exactly while their instance runs: re-opened after a restart, closed when a
            // guest stopped without a word from libvirt
            for (Instance row : store.live()) {
                alignPorts(row.id);
            }
            if (forwardsDue.compareAndSet(true, false)) {
                forwardsToRestore.add(store.live().stream()
                        .filter(row -> row.status == InstanceStatus.RUNNING && running(domains.get(row.id)))
                        .map(row -> row.id).toList());
            }
            restoreForwards();
            if (sweepDue.compareAndSet(true, false)) {
                sweep(domains.keySet());
            }
            // spares are made after a restart or an outage, after every stop or termination, and again after a
            // refill that failed
            spares.soon();
        } catch (HypervisorException e) {
            Log.debugf("reconcile skipped: %s", e.getMessage());
        }
    }

    private void alignPorts(String id) {
        try {
            ports.alignIfFree(id);
        } catch (RuntimeException e) {
            Log.warnf("%s: aligning its port forwards failed: %s", id, e.getMessage());
        }
    }

    /**
     * What the network makes only while a domain runs (user-mode networking's SSH forward, which lives in the QEMU
     * process) is made again for domains that kept running while the service was away. An instance held by someone
     * else, or whose try failed, is tried again on the next tick.
     */
    private void restoreForwards() {
        List<String> givenUp = forwardsToRestore.tryEach(id -> {
            try {
                return locks.withLockIfFree(id, () -> {
                    Instance row = store.find(id).orElse(null);
                    if (row != null && row.status == InstanceStatus.RUNNING
                            && running(hypervisor.findDomain(id).orElse(null))) {
                        addresses.started(row.id, row.reservation());
                    }
                    return ForwardsToRestore.Outcome.SETTLED;
                }).orElse(ForwardsToRestore.Outcome.HELD);
            } catch (RuntimeException e) {
                Log.debugf("%s: making the network's forwards again failed: %s", id, e.getMessage());
                return ForwardsToRestore.Outcome.FAILED;
            }
        });
        for (String id : givenUp) {
            Log.warnf("%s: the network's forwards were not made again after %d tries; stop and start the instance"
                    + " to make them", id, ForwardsToRestore.MAX_FAILURES);
        }
    }

    private static boolean running(DomainInfo domain) {
        return domain != null && domain.state() == DomainState.RUNNING;
    }

    private void reconcileQuietly(String id) {
        try {
            store.find(id).ifPresent(row -> reconcile(row, hypervisor.findDomain(id)));
        } catch (HypervisorException e) {
            Log.debugf("%s: event reconcile skipped: %s", id, e.getMessage());
        } catch (RuntimeException e) {
            Log.warnf("%s: event reconcile failed: %s", id, e.getMessage());
        }
    }

    /** Starts the work that completes a transition, unless it already runs; answers whether the row is in one. */
    private boolean resume(Instance row) {
        switch (row.status) {
            case PENDING -> drivers.launch(row.id, () -> provisioner.bringUp(row.id));
            case STOPPING -> drivers.launch(row.id, () -> finishStop(row.id, true));
            case SHUTTING_DOWN -> drivers.launch(row.id, () -> terminator.finish(row.id));
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The row as libvirt shows it now (REQ-INST-015). A launch this service is bringing up in the background
     * decides the state itself, and the reconcile would leave it alone; libvirt is not asked then, since the
     * question waits behind QEMU's start (0.4-0.6 s here) and its answer would be dropped.
     */
    Instance current(Instance row) {
        if (row.status == InstanceStatus.PENDING && drivers.active(row.id)) {
            return row;
        }
        return reconcile(row, hypervisor.findDomain(row.id));
    }

    /**
     * Brings one row in line with its domain and answers the row as it now stands. The snapshot only says
     * whether to look closer; the change is decided again under the lock.
     */
    Instance reconcile(Instance snapshot, Optional<DomainInfo> domain) {
        if (decide(snapshot, domain).isEmpty()) {
            return snapshot;
        }
        // an action holding the instance decides its state itself
        return locks.withLockIfFree(snapshot.id, () -> {
            Instance row = store.find(snapshot.id).orElse(snapshot);
            Optional<Change> change = decide(row, hypervisor.findDomain(row.id));
            if (change.isEmpty()) {
                return row;
            }
            Change c = change.get();
            Log.infof("%s: %s -> %s (%s)", row.id, row.status.wire(), c.status().wire(), c.reason());
            if (c.status() == InstanceStatus.RUNNING) {
                // started outside the service: its forwards were not made
                forwardQuietly(row.id, () -> addresses.started(row.id, row.reservation()));
            }
            ports.alignQuietlyBefore(row, c.status());
            return store.update(row.id, i -> {
                i.status = c.status();
                i.stateReason = c.reason();
                if (c.status() == InstanceStatus.RUNNING && i.launchedAt == null) {
                    i.launchedAt = Instant.now();
                }
            });
        }).orElse(snapshot);
    }

    record Change(InstanceStatus status, String reason) {
    }

    /** What the row should become given its domain; nothing for rows that a transition or nobody owns. */
    static Optional<Change> decide(Instance row, Optional<DomainInfo> domain) {
        InstanceStatus status = row.status;
        if (status != InstanceStatus.RUNNING && status != InstanceStatus.STOPPED && status != InstanceStatus.ERROR) {
            return Optional.empty();
        }
        if (domain.isEmpty()) {
            return status == InstanceStatus.ERROR ? Optional.empty()
                    : Optional.of(new Change(InstanceStatus.ERROR,
                            "the libvirt domain " + row.id + " disappeared outside this service"));
        }
        DomainState state = domain.get().state();
        if ((state == DomainState.SHUT_OFF || state == DomainState.CRASHED) && status == InstanceStatus.RUNNING) {
            return Optional.of(new Change(InstanceStatus.STOPPED,
                    state == DomainState.CRASHED ? "the guest crashed" : "the guest powered itself off"));
        }
        if (state == DomainState.RUNNING && status != InstanceStatus.RUNNING) {
            return Optional.of(new Change(InstanceStatus.RUNNING, status == InstanceStatus.ERROR
                    ? "the domain is running again" : "started outside this service"));
        }
        return Optional.empty();
    }

    /**
     * After a (re)connection: releases what no instance owns any more. A termination or failed launch whose
     * clean-up was cut short (domain, directory or DHCP entry left), an instance directory with no instance, and a
     * DHCP entry in this service's range named after an instance it does not know and for which no domain exists
     * (left by a crash of an older version between the reservation and the row). What exists is listed before the
     * rows are read (a row always comes before what it owns); an instance's leftovers are released after deciding
     * again under its lock, orphan DHCP entries (no instance to lock) by the address allocator alone.
     */
    private void sweep(Set<String> domainNames) {
        Holdings held = addresses.holdings();
        Set<String> dirs = instanceDirectories();
        Map<String, Instance> rows = store.all().stream().collect(Collectors.toMap(i -> i.id, Function.identity()));
        Set<String> spareIds = addresses.spares().stream().map(Spare::instanceId).collect(Collectors.toSet());
        for (Instance snapshot : rows.values()) {
            boolean leftovers = domainNames.contains(snapshot.id) || dirs.contains(snapshot.id)
                    || held.holds(snapshot.macAddress);
            if (ownsNothing(snapshot) && leftovers) {
                releaseLeftovers(snapshot.id);
            }
        }
        for (String dir : dirs) {
            if (!rows.containsKey(dir)) {
                guarded(dir, () -> locks.withLock(dir, () -> {
                    if (store.exists(dir) || spareIds.contains(dir)) {
                        // a spare's directory holds the launch prepared ahead for it
                        return null;
                    }
                    if (prepared.marked(dir)) {
                        Log.warnf("%s: removing a launch prepared ahead for an address no longer spare", dir);
                        prepared.discard(dir);
                    } else {
                        Log.warnf("%s: deleting the directory of an instance this service does not know", dir);
                        InstanceResources.deleteDirectory(home.instanceDir(dir));
                    }
                    return null;
                }));
            }
        }
        addresses.releaseOrphans(held, owner -> InstanceIds.ID.matcher(owner).matches() && !rows.containsKey(owner)
                && !domainNames.contains(owner));
        guarded("port forwards", ports::releaseOrphans);
    }

    private static boolean ownsNothing(Instance row) {
        return row.status == InstanceStatus.TERMINATED || (row.status == InstanceStatus.ERROR && row.launchedAt == null);
    }

    private void releaseLeftovers(String id) {
        guarded(id, () -> locks.withLock(id, () -> {
            Instance row = store.find(id).orElse(null);
            if (row != null && ownsNothing(row)) {
                Log.warnf("%s: releasing what its interrupted clean-up left (domain, files or address)", id);
                resources.release(row);
            }
            return null;
        }));
    }

    /** One leftover that cannot be released must not keep the others. */
    private static void forwardQuietly(String id, Runnable forward) {
        try {
            forward.run();
        } catch (RuntimeException e) {
            Log.warnf("%s: the network's forwards were not made again: %s", id, e.getMessage());
        }
    }

    private static void guarded(String id, Runnable release) {
        try {
            release.run();
        } catch (RuntimeException e) {
            Log.warnf("%s: could not release a leftover: %s", id, e.getMessage());
        }
    }

    private Set<String> instanceDirectories() {
        Path root = home.instances();
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> InstanceIds.ID.matcher(n).matches()).collect(Collectors.toCollection(HashSet::new));
        } catch (IOException e) {
            Log.warnf("cannot list %s: %s", root, e.getMessage());
            return Set.of();
        }
    }
}
