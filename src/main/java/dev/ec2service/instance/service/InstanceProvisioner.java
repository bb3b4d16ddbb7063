package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.DomainInfo;
import dev.ec2service.hypervisor.DomainSpec;
import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorUnavailableException;
import dev.ec2service.image.domain.Image;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.instance.port.LaunchKeys;
import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.InstanceNetwork;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.RequestErrors;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.repair.SetupProblem;
import dev.ec2service.storage.port.Disks;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Brings a {@code pending} instance up: the disk overlay, the seed ISO, the DHCP reservation, the domain, the
 * boot. Each step makes only what is missing (files appear whole, by rename), so the same call finishes a launch
 * or a start that a crash or a libvirt outage interrupted, from wherever it stopped. A failure of a launch marks
 * the instance {@code error} and removes what was made (REQ-INST-007); a failed start keeps its disk and domain.
 */
@ApplicationScoped
public class InstanceProvisioner {

    private final InstanceStore store;
    private final InstanceLocks locks;
    private final InstanceResources resources;
    private final AddressAllocator addresses;
    private final Hypervisor hypervisor;
    private final DataHome home;
    private final InstanceNetwork network;
    private final InstanceDomains domains;
    private final PreparedLaunches prepared;
    private final Disks disks;
    private final LaunchKeys launchKeys;
    private final InstancePorts ports;
    private final ManagedExecutor executor;

    InstanceProvisioner(InstanceStore store, InstanceLocks locks, InstanceResources resources,
            AddressAllocator addresses, Hypervisor hypervisor, DataHome home, InstanceNetwork network,
            InstanceDomains domains, PreparedLaunches prepared, Disks disks, LaunchKeys launchKeys,
            InstancePorts ports, ManagedExecutor executor) {
        this.store = store;
        this.locks = locks;
        this.resources = resources;
        this.addresses = addresses;
        this.hypervisor = hypervisor;
        this.home = home;
        this.network = network;
        this.domains = domains;
        this.prepared = prepared;
        this.disks = disks;
        this.launchKeys = launchKeys;
        this.ports = ports;
        this.executor = executor;
    }

    /** Background form: failures are recorded on the instance. */
    void bringUp(String id) {
        bringUp(id, false);
    }

    /**
     * Brings the instance up if it is still {@code pending} and answers the row as it then stands. A lost libvirt
     * connection leaves it {@code pending}, to be resumed when libvirt is back; with {@code rethrow} the caller
     * also gets the failure.
     */
    Instance bringUp(String id, boolean rethrow) {
        StepTimes times = new StepTimes();
        return locks.withLock(id, () -> {
            Instance row = store.find(id).orElse(null);
            if (row == null || row.status != InstanceStatus.PENDING) {
                return row;
            }
            Optional<SetupProblem> down;
            try {
                down = network.problem();
            } catch (HypervisorUnavailableException e) {
                return wait(row, "waiting for libvirt: " + e.getMessage(), rethrow, () -> e);
            }
            if (down.isPresent()) {
                // the network heals itself; the launch goes on when it is back instead of failing half way
                return wait(row, "waiting for the instance network: " + down.get().refusalDetail(), rethrow,
                        () -> NetworkErrors.UNAVAILABLE.exception(down.get().refusalDetail()));
            }
            times.mark("checks");
            try {
                return boot(row, times);
            } catch (HypervisorUnavailableException e) {
                return wait(row, "waiting for libvirt: " + e.getMessage(), rethrow, () -> e);
            } catch (Exception e) {
                if (interrupted(e)) {
                    // the service is shutting down: the launch resumes when it runs again, as after a crash
                    return wait(row, "interrupted by a shutdown of the service", rethrow,
                            () -> RequestErrors.SERVICE_STOPPING.exception("the service is shutting down"));
                }
                Instance failed = fail(row, e);
                if (rethrow) {
                    throw e instanceof DomainException domain ? domain
                            : InstanceErrors.START_FAILED.exception(failed.stateReason, e);
                }
                return failed;
            }
        });
    }

    /** Leaves the instance {@code pending} with the reason; the reconcile resumes it once the cause has passed. */
    private Instance wait(Instance row, String reason, boolean rethrow, Supplier<RuntimeException> refusal) {
        Log.warnf("%s: %s; bringing it up resumes when that has passed", row.id, reason);
        Instance waiting = store.update(row.id, i -> i.stateReason = reason);
        if (rethrow) {
            throw refusal.get();
        }
        return waiting;
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    private Instance boot(Instance row, StepTimes times) throws IOException {
        // the DHCP entry takes libvirt 0.5-1 s; it is made while the disk, seed and QEMU are, and the guest's CPUs
        // run only once it is there, so the first DHCP request already gets the reserved address
        CompletableFuture<Void> reserved = CompletableFuture.runAsync(() -> addresses.bind(row.id, row.reservation()),
                executor);
        try {
            return boot(row, reserved, times);
        } finally {
            // a boot that failed early still lets the entry finish before the failure handling removes things
            reserved.exceptionally(e -> null).join();
        }
    }

    private Instance boot(Instance row, CompletableFuture<Void> reserved, StepTimes times) throws IOException {
        // a QEMU started ahead for a launch like this one, paused with its disk and an empty seed drive
        Image image = null;
        boolean adopting = false;
        if (row.launchedAt == null) {
            prepared.launching();
        }
        if (row.launchedAt == null && prepared.marked(row.id)) {
            image = image(row);
            adopting = prepared.adopt(row, image);
        }
        Files.createDirectories(home.instanceDir(row.id));
        Path disk = resources.disk(row.id);
        if (!Files.exists(disk)) {
            if (row.launchedAt != null) {
                throw new IllegalStateException("its disk " + disk + " is gone");
            }
            image = image(row);
            resources.createDisk(row.id, Path.of(image.filePath), row.diskGb);
            times.mark("disk");
        }
        Path seed = resources.seedIso(row.id);
        if (!Files.exists(seed)) {
            Path partial = InstanceResources.partial(seed);
            CloudInitSeed.write(partial, CloudInitSeed.metaData(row.id, CloudInitSeed.hostname(row.id, row.name),
                    publicKeys(row)), row.userData);
            disks.allowRead(partial);
            Files.move(partial, seed, StandardCopyOption.ATOMIC_MOVE);
            times.mark("seed");
        }
        if (adopting) {
            hypervisor.insertSeed(domainSpec(row, image));
            prepared.adopted(row.id);
            times.mark("seed inserted");
        }
        Optional<DomainInfo> existing = hypervisor.findDomain(row.id);
        if (existing.isEmpty()) {
            if (image == null) {
                image = image(row);
            }
            hypervisor.defineDomain(domainSpec(row, image));
            times.mark("define");
        }
        DomainState state = existing.map(DomainInfo::state).orElse(DomainState.SHUT_OFF);
        if (state != DomainState.RUNNING && state != DomainState.PAUSED) {
            hypervisor.startDomainPaused(row.id);
            times.mark("qemu");
        }
        awaitReservation(reserved);
        times.mark("dhcp entry");
        if (state != DomainState.RUNNING) {
            // also a domain a crash left paused between the two steps
            hypervisor.resumeDomain(row.id);
            times.mark("resume");
        }
        DomainInfo domain = hypervisor.findDomain(row.id)
                .orElseThrow(() -> new IllegalStateException("the domain vanished right after it started"));
        if (domain.state() != DomainState.RUNNING) {
            throw new IllegalStateException("libvirt reports the domain as " + domain.state());
        }
        addresses.started(row.id, row.reservation());
        addresses.awaitAddress(row.id);
        boolean first = row.launchedAt == null;
        // listening before the row says running, so whoever sees it running can connect
        listen(row);
        Instance running = store.update(row.id, i -> {
            i.status = InstanceStatus.RUNNING;
            i.libvirtUuid = domain.uuid();
            i.launchedAt = Instant.now();
            i.stateReason = null;
        });
        times.mark("recorded");
        Log.infof("%s: running (domain %s%s; boot %s)", row.id, domain.uuid(), first ? "" : ", started", times);
        return running;
    }

    private static void awaitReservation(CompletableFuture<Void> reserved) {
        try {
            reserved.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The instance's port forwards listen once it runs; one that cannot says why in its state, not in the boot. */
    private void listen(Instance booted) {
        try {
            ports.open(booted);
        } catch (RuntimeException e) {
            Log.warnf("%s: opening its port forwards failed: %s; the reconcile tries again", booted.id,
                    e.getMessage());
        }
    }

    /** The domain an instance row describes: its type's vCPUs and memory, its disk, seed, address and console. */
    DomainSpec domainSpec(Instance row, Image image) {
        return domains.spec(row, image);
    }

    /** The domain of {@code row} resized to {@code type}: what a type change defines before the row records it. */
    DomainSpec domainSpec(Instance row, InstanceType type, Image image) {
        return domains.spec(row, type, image);
    }

    Image image(Instance row) {
        return domains.image(row.imageId);
    }

    private List<String> publicKeys(Instance row) {
        List<String> keys = new ArrayList<>();
        if (row.publicKey != null) {
            keys.add(row.publicKey);
        }
        // keys every instance gets (the web terminal's, REQ-TERM-012), after the user's
        keys.addAll(launchKeys.publicKeyLines());
        return keys;
    }

    private Instance fail(Instance row, Exception cause) {
        boolean launch = row.launchedAt == null;
        String reason = (launch ? "creation failed: " : "start failed: ") + cause.getMessage();
        Log.errorf("%s: %s", row.id, reason);
        addresses.stopAwaiting(row.id);
        if (!launch) {
            // a start that failed keeps the instance's disk, domain and address: start may be tried again
            return store.update(row.id, i -> {
                i.status = InstanceStatus.ERROR;
                i.stateReason = reason;
            });
        }
        try {
            resources.release(row);
        } catch (RuntimeException cleanup) {
            Log.errorf(cleanup, "%s: cleaning up after a failed creation also failed", row.id);
        }
        return store.update(row.id, i -> {
            i.status = InstanceStatus.ERROR;
            i.stateReason = reason;
            i.ipAddress = null;
            i.sshPort = null;
        });
    }
}
