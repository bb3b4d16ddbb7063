package dev.ec2service.instance.service;

import dev.ec2service.host.port.HostCapacity;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageErrors;
import dev.ec2service.image.port.ImageLookup;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.instance.domain.InstanceIds;
import dev.ec2service.instance.domain.InstanceLeavingRunning;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.instance.port.InstanceLookup;
import dev.ec2service.keypair.domain.SshKey;
import dev.ec2service.keypair.port.KeyPairLookup;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.InstanceNetwork;
import dev.ec2service.network.port.Reservation;
import dev.ec2service.platform.config.Ec2Config;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The EC2-like actions on instances. Validation comes first and creates nothing; creation reserves
 * an address and a row, answers {@code pending} at once and provisions in the background.
 */
@ApplicationScoped
public class InstanceService implements InstanceLookup {

    private static final int MAX_NAME = 128;
    private static final int CONSOLE_TAIL_BYTES = 64 * 1024;
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024L * MIB;

    private final InstanceStore store;
    private final InstanceLocks locks;
    private final InstanceDrivers drivers;
    private final InstanceProvisioner provisioner;
    private final InstanceTerminator terminator;
    private final InstanceResources resources;
    private final InstanceStateSync sync;
    private final InstanceAddresses addresses;
    private final Hypervisor hypervisor;
    private final ImageLookup images;
    private final KeyPairLookup keys;
    private final AddressAllocator allocator;
    private final InstanceNetwork network;
    private final HostCapacity host;
    private final Ec2Config config;
    private final InstanceConfig instanceConfig;
    private final Event<InstanceLeavingRunning> leaving;
    private final Object reservation = new Object();

    InstanceService(InstanceStore store, InstanceLocks locks, InstanceDrivers drivers, InstanceProvisioner provisioner,
            InstanceTerminator terminator, InstanceResources resources, InstanceStateSync sync,
            InstanceAddresses addresses, Hypervisor hypervisor, ImageLookup images, KeyPairLookup keys,
            AddressAllocator allocator, InstanceNetwork network, HostCapacity host, Ec2Config config,
            InstanceConfig instanceConfig, Event<InstanceLeavingRunning> leaving) {
        this.store = store;
        this.locks = locks;
        this.drivers = drivers;
        this.provisioner = provisioner;
        this.terminator = terminator;
        this.resources = resources;
        this.sync = sync;
        this.addresses = addresses;
        this.hypervisor = hypervisor;
        this.images = images;
        this.keys = keys;
        this.allocator = allocator;
        this.network = network;
        this.host = host;
        this.config = config;
        this.instanceConfig = instanceConfig;
        this.leaving = leaving;
    }

    public Instance create(CreateInstanceCommand command) {
        InstanceType type = requireType(command.instanceType());
        String name = validName(command.name());
        byte[] userData = validUserData(command.userData());
        if (command.imageId() == null || command.imageId().isBlank()) {
            throw ImageErrors.UNKNOWN_IMAGE.exception("image_id is required");
        }
        Image image = QuarkusTransaction.requiringNew().call(() -> images.requireAvailable(command.imageId()));
        SshKey key = command.sshKeyName() == null ? null
                : QuarkusTransaction.requiringNew().call(() -> keys.requireExisting(command.sshKeyName()));
        hypervisor.requireConnected();
        network.requireUsable();

        // The row is the reservation: its address and MAC are unique in the database, and the capacity check
        // counts every row already promised, so concurrent launches see each other. The DHCP entry and everything
        // else are made by the provisioning, which resumes after a crash from the row alone.
        Instance row;
        synchronized (reservation) {
            checkCapacity(type);
            String id = newId();
            Reservation address = allocator.reserve(id, store.reservedAddresses());
            row = newRow(id, name, type, image, key, userData, address);
            store.insert(row);
        }
        Log.infof("%s: creating (%s, image %s, address %s)", row.id, type.apiName(), image.id, row.ipAddress);
        drivers.launch(row.id, () -> provisioner.bringUp(row.id));
        return row;
    }

    @Override
    public Instance get(String id) {
        Instance row = require(id);
        if (row.status == InstanceStatus.TERMINATED) {
            return row;
        }
        // REQ-INST-015: details come from libvirt, not from what the database last heard
        Instance current = sync.reconcile(row, hypervisor.findDomain(id));
        return current.status == InstanceStatus.RUNNING ? addresses.refreshAddress(current) : current;
    }

    public List<Instance> list(Optional<String> status) {
        Optional<InstanceStatus> filter = status.filter(s -> !s.isBlank()).map(s -> Arrays.stream(InstanceStatus.values())
                .filter(v -> v.wire().equals(s)).findFirst().orElseThrow(() -> InstanceErrors.UNKNOWN_STATUS.exception(
                        "status '" + s + "' does not exist; use one of " + Arrays
                                .stream(InstanceStatus.values()).map(InstanceStatus::wire).collect(Collectors.joining(", ")))));
        return store.list(filter);
    }

    /** The end of the serial console log; the log belongs to virtlogd and may grow while we read. */
    public String consoleTail(String id) {
        require(id);
        Path log = resources.consoleLog(id);
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - CONSOLE_TAIL_BYTES);
            file.seek(start);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return "";
        } catch (IOException e) {
            throw InstanceErrors.CONSOLE_UNREADABLE.exception("cannot read " + log + ": " + e.getMessage());
        }
    }

    /**
     * Boots a stopped instance, or one in {@code error} that still has its disk (a failed start, or a cause that has
     * passed). The intent is recorded first ({@code pending}), so a start cut short by a crash finishes afterwards.
     */
    public Instance start(String id) {
        return locks.withLock(id, () -> {
            Instance row = require(id);
            if (row.status != InstanceStatus.STOPPED && row.status != InstanceStatus.ERROR) {
                throw InstanceErrors.INVALID_STATE.exception("cannot start instance " + id + " while it is "
                        + row.status.wire() + "; only a stopped instance (or one in error that kept its disk) can be started");
            }
            if (row.launchedAt == null) {
                throw InstanceErrors.INVALID_STATE.exception("cannot start instance " + id
                        + ": its creation failed and what it had was removed (" + row.stateReason
                        + "); launch a new instance");
            }
            if (!java.nio.file.Files.exists(resources.disk(id))) {
                throw InstanceErrors.INVALID_STATE.exception("cannot start instance " + id + ": its disk "
                        + resources.disk(id) + " is gone; terminate it");
            }
            hypervisor.requireConnected();
            network.requireUsable();
            store.update(id, i -> {
                i.status = InstanceStatus.PENDING;
                i.stateReason = "user requested start";
            });
            return provisioner.bringUp(id, true);
        });
    }

    public Instance stop(String id) {
        Instance stopping = locks.withLock(id, () -> {
            requireIn(id, "stop", InstanceStatus.RUNNING);
            hypervisor.requireConnected();
            leaving.fire(new InstanceLeavingRunning(id, "instance " + id + " is stopping"));
            Instance row = store.update(id, i -> {
                i.status = InstanceStatus.STOPPING;
                i.stateReason = "user requested stop";
            });
            hypervisor.shutdownDomain(id);
            Log.infof("%s: stopping (ACPI power button)", id);
            return row;
        });
        sync.followStop(id);
        return stopping;
    }

    public Instance reboot(String id) {
        return locks.withLock(id, () -> {
            Instance row = requireIn(id, "reboot", InstanceStatus.RUNNING);
            hypervisor.requireConnected();
            hypervisor.rebootDomain(id);
            Log.infof("%s: rebooting (ACPI)", id);
            return row;
        });
    }

    /**
     * Gives a stopped instance another type, as EC2 does: the next start boots with the type's vCPUs and memory,
     * while the disk stays as it is (like an EBS root volume, it does not shrink or grow with the type). The
     * domain is redefined at once, keeping its UUID and UEFI variables, so nothing looks amiss in between.
     */
    public Instance changeType(String id, String instanceType) {
        return change(id, new InstanceChange(Optional.of(instanceType), Optional.empty()));
    }

    /**
     * Replaces the user data of a stopped instance (empty removes it). The seed ISO is written anew at the next
     * start; as on EC2, cloud-init runs user data once per instance, so new scripts run only if the user data
     * asks for every boot.
     */
    public Instance changeUserData(String id, byte[] userData) {
        return change(id, new InstanceChange(Optional.empty(), Optional.of(userData)));
    }

    /** Type and user data together (REST's PATCH): both are checked before either changes. */
    public Instance change(String id, InstanceChange change) {
        Optional<InstanceType> type = change.instanceType().map(InstanceService::requireType);
        Optional<Optional<byte[]>> userData = change.userData().map(bytes -> Optional.ofNullable(validUserData(bytes)));
        return locks.withLock(id, () -> {
            Instance row = requireStopped(id, type.isPresent() ? "type" : "user data");
            if (type.isPresent() && !row.instanceType.equals(type.get().apiName())) {
                row = retype(row, type.get());
            }
            if (userData.isPresent()) {
                row = replaceUserData(row, userData.get().orElse(null));
            }
            return row;
        });
    }

    private Instance retype(Instance row, InstanceType type) {
        hypervisor.requireConnected();
        if (hypervisor.findDomain(row.id).isPresent()) {
            Instance changed = withType(row, type);
            hypervisor.redefineDomain(provisioner.domainSpec(changed, provisioner.image(changed)));
        }
        Instance updated = store.update(row.id, i -> {
            i.instanceType = type.apiName();
            i.vcpus = type.vcpus();
            i.memoryMb = type.memoryMb();
        });
        Log.infof("%s: type changed from %s to %s (%d vCPU, %d MiB; disk kept at %d GiB)", row.id, row.instanceType,
                type.apiName(), type.vcpus(), type.memoryMb(), row.diskGb);
        return updated;
    }

    private Instance replaceUserData(Instance row, byte[] bytes) {
        Path seed = resources.seedIso(row.id);
        try {
            // gone before the row changes: a failure in between leaves the old user data, whole
            java.nio.file.Files.deleteIfExists(seed);
        } catch (IOException e) {
            throw InstanceErrors.FILES_NOT_DELETED.exception("cannot delete " + seed + ": " + e.getMessage(), e);
        }
        Instance updated = store.update(row.id, i -> i.userData = bytes);
        Log.infof("%s: user data %s; the seed is written anew at the next start", row.id,
                bytes == null ? "removed" : "replaced (" + bytes.length + " bytes)");
        return updated;
    }

    private static Instance withType(Instance row, InstanceType type) {
        Instance copy = new Instance();
        copy.id = row.id;
        copy.name = row.name;
        copy.instanceType = type.apiName();
        copy.vcpus = type.vcpus();
        copy.memoryMb = type.memoryMb();
        copy.diskGb = row.diskGb;
        copy.macAddress = row.macAddress;
        copy.sshKeyName = row.sshKeyName;
        copy.imageId = row.imageId;
        return copy;
    }

    /**
     * Marks the instance {@code shutting-down}, then removes its domain, files and address (REQ-INST-012). A
     * termination cut short (crash, libvirt failure) is finished by the reconcile from that mark.
     */
    public Instance terminate(String id) {
        return locks.withLock(id, () -> {
            Instance row = require(id);
            if (row.status == InstanceStatus.TERMINATED) {
                throw InstanceErrors.INVALID_STATE.exception("instance " + id + " is already terminated");
            }
            hypervisor.requireConnected();
            leaving.fire(new InstanceLeavingRunning(id, "instance " + id + " is being terminated"));
            store.update(id, i -> {
                i.status = InstanceStatus.SHUTTING_DOWN;
                i.stateReason = "user requested termination";
            });
            return terminator.finish(id);
        });
    }

    private Instance require(String id) {
        return store.find(id).orElseThrow(() -> InstanceErrors.NOT_FOUND.exception(
                "instance '" + id + "' does not exist"));
    }

    private Instance requireIn(String id, String action, InstanceStatus wanted) {
        Instance row = require(id);
        if (row.status != wanted) {
            throw InstanceErrors.INVALID_STATE.exception("cannot " + action + " instance " + id + " while it is "
                    + row.status.wire() + "; only a " + wanted.wire() + " instance can be " + past(action));
        }
        return row;
    }

    /** EC2 changes the type and user data of stopped instances only (IncorrectInstanceState otherwise). */
    private Instance requireStopped(String id, String attribute) {
        Instance row = require(id);
        if (row.status != InstanceStatus.STOPPED) {
            throw InstanceErrors.INVALID_STATE.exception("cannot change the " + attribute + " of instance " + id
                    + " while it is " + row.status.wire() + "; stop it first");
        }
        return row;
    }

    private static String past(String action) {
        return switch (action) {
            case "stop" -> "stopped";
            case "start" -> "started";
            default -> action + "ed";
        };
    }

    private String newId() {
        String id;
        do {
            id = InstanceIds.random();
        } while (store.exists(id));
        return id;
    }

    /**
     * REQ-LIM-001/002, counting what is promised: memory of every instance that runs or is about to, and the disk
     * of launches still being provisioned, so concurrent launches cannot all pass on the same free figures.
     */
    private void checkCapacity(InstanceType type) {
        HostCapacity.Memory memory = host.memory();
        long committedMb = store.committedMemoryMb();
        long availableNowMb = memory.availableBytes() / MIB;
        long uncommittedMb = memory.totalBytes() / MIB - committedMb - type.memoryMb();
        long availableMb = Math.min(availableNowMb, uncommittedMb);
        long floorMb = config.limits().minFreeMemoryMb();
        if (availableMb < floorMb) {
            throw InstanceErrors.INSUFFICIENT_MEMORY.exception(
                    "the host has " + availableMb + " MiB of memory available for a new " + type.apiName() + " ("
                            + availableNowMb + " MiB available now; " + committedMb + " MiB promised to instances that"
                            + " run or are starting, plus " + type.memoryMb() + " MiB for this one, of "
                            + memory.totalBytes() / MIB + " MiB in all); new instances need at least " + floorMb
                            + " MiB left available (REQ-LIM-001)");
        }
        long pendingGb = store.pendingDiskGb();
        long freeGb = host.disk().freeBytes() / GIB - pendingGb;
        long neededGb = type.diskGb() + config.limits().diskHeadroomGb();
        if (freeGb <= neededGb) {
            throw InstanceErrors.INSUFFICIENT_DISK.exception(
                    "the data home's file system has " + freeGb + " GiB free" + (pendingGb > 0 ? " (after "
                            + pendingGb + " GiB promised to instances being created)" : "") + "; a " + type.apiName()
                            + " needs more than " + neededGb + " GiB (" + type.diskGb() + " GiB disk + "
                            + config.limits().diskHeadroomGb() + " GiB headroom, REQ-LIM-002)");
        }
    }

    private static InstanceType requireType(String name) {
        return InstanceType.byName(name).orElseThrow(() -> InstanceErrors.UNKNOWN_INSTANCE_TYPE.exception(
                "instance type '" + name + "' does not exist; use one of "
                        + Arrays.stream(InstanceType.values()).map(InstanceType::apiName).collect(Collectors.joining(", "))));
    }

    private static String validName(String name) {
        if (name == null) {
            return null;
        }
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (trimmed.length() > MAX_NAME) {
            throw InstanceErrors.INVALID_NAME.exception("name is " + trimmed.length() + " characters long; at most "
                    + MAX_NAME + " are allowed");
        }
        if (trimmed.codePoints().anyMatch(c -> Character.isISOControl(c) || !Character.isDefined(c))) {
            throw InstanceErrors.INVALID_NAME.exception("name may contain printable characters only");
        }
        return trimmed;
    }

    private byte[] validUserData(String userData) {
        return userData == null ? null : validUserData(userData.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] validUserData(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        if (bytes.length > instanceConfig.maxUserDataBytes()) {
            throw InstanceErrors.USER_DATA_TOO_LARGE.exception("user data is " + bytes.length + " bytes; at most "
                    + instanceConfig.maxUserDataBytes() + " bytes (16 KiB, as on EC2) are allowed");
        }
        return bytes;
    }

    private static Instance newRow(String id, String name, InstanceType type, Image image, SshKey key,
            byte[] userData, Reservation address) {
        Instance row = new Instance();
        row.id = id;
        row.name = name;
        row.instanceType = type.apiName();
        row.status = InstanceStatus.PENDING;
        row.vcpus = type.vcpus();
        row.memoryMb = type.memoryMb();
        row.diskGb = type.diskGb();
        row.ipAddress = address.ip();
        row.macAddress = address.mac();
        row.sshKeyName = key == null ? null : key.name;
        row.publicKey = key == null ? null : key.publicKey;
        row.imageId = image.id;
        row.userData = userData;
        row.createdAt = Instant.now();
        return row;
    }
}
