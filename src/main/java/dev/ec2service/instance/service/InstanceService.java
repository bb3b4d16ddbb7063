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
        InstanceType type = InstanceType.byName(command.instanceType()).orElseThrow(
                () -> InstanceErrors.UNKNOWN_INSTANCE_TYPE.exception(
                "instance type '" + command.instanceType() + "' does not exist; use one of "
                        + Arrays.stream(InstanceType.values()).map(InstanceType::apiName).collect(Collectors.joining(", "))));
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
        return store.list(status.flatMap(InstanceListQuery::status));
    }

    /** A page of the listing as the database has it (no libvirt call): filtered, with tags, in one query. */
    public InstancePage page(InstanceListQuery query) {
        return store.page(query);
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
        if (userData == null || userData.isEmpty()) {
            return null;
        }
        byte[] bytes = userData.getBytes(StandardCharsets.UTF_8);
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
