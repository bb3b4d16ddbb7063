package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceIds;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.InstanceNetwork;
import dev.ec2service.network.port.Reservation;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Launches an instance: checks come first and create nothing; then the row is inserted, which is the reservation,
 * and the answer is {@code pending} while the provisioning runs in the background.
 */
@ApplicationScoped
class InstanceLauncher {

    private final LaunchChecks checks;
    private final CapacityCheck capacity;
    private final AddressAllocator allocator;
    private final InstanceStore store;
    private final InstanceDrivers drivers;
    private final InstanceProvisioner provisioner;
    private final Hypervisor hypervisor;
    private final InstanceNetwork network;
    private final InstancePorts ports;
    private final Object reservation = new Object();

    InstanceLauncher(LaunchChecks checks, CapacityCheck capacity, AddressAllocator allocator, InstanceStore store,
            InstanceDrivers drivers, InstanceProvisioner provisioner, Hypervisor hypervisor, InstanceNetwork network,
            InstancePorts ports) {
        this.checks = checks;
        this.capacity = capacity;
        this.allocator = allocator;
        this.store = store;
        this.drivers = drivers;
        this.provisioner = provisioner;
        this.hypervisor = hypervisor;
        this.network = network;
        this.ports = ports;
    }

    Instance launch(CreateInstanceCommand command) {
        LaunchChecks.Launch launch = checks.check(command);
        hypervisor.requireConnected();
        network.requireRecentlyUsable();

        // The row is the reservation: its address and MAC are unique in the database, and the memory check counts
        // every row already promised, so concurrent launches see each other. The DHCP entry and everything else are
        // made by the provisioning, which resumes after a crash from the row alone. Whatever need not see the other
        // launches is done before the lock, which concurrent launches take one after another.
        CapacityCheck.HostRoom room = capacity.read();
        String id = newId();
        Instance row;
        synchronized (reservation) {
            InstanceStore.Promises promises = store.promises();
            capacity.require(launch.type(), room, promises.committedMemoryMb());
            // the host ports are claimed first (all or none); should the row not follow, they are given back
            row = ports.claimWith(id, command.ports(), () -> {
                Instance made = newRow(id, launch, allocator.reserve(id, promises.reservations()));
                store.insert(made, command.ports());
                return made;
            });
        }
        Log.infof("%s: creating (%s, image %s, address %s)", row.id, launch.type().apiName(), launch.image().id,
                row.ipAddress);
        drivers.launch(row.id, () -> provisioner.bringUp(row.id));
        return row;
    }

    /**
     * Unique among the rows. Drawn before the reservation lock: should two launches draw the same one at the same
     * moment (one chance in four billion), the second fails, as its MAC and row clash with the first's; nothing of
     * the first is overwritten (the id is the key).
     */
    private String newId() {
        String id;
        do {
            id = InstanceIds.random();
        } while (store.exists(id));
        return id;
    }

    private static Instance newRow(String id, LaunchChecks.Launch launch, Reservation address) {
        Instance row = new Instance();
        row.id = id;
        row.name = launch.name();
        row.instanceType = launch.type().apiName();
        row.status = InstanceStatus.PENDING;
        row.vcpus = launch.type().vcpus();
        row.memoryMb = launch.type().memoryMb();
        row.diskGb = launch.type().diskGb();
        row.ipAddress = address.ip();
        row.macAddress = address.mac();
        row.sshPort = address.sshPort();
        row.sshKeyName = launch.key() == null ? null : launch.key().name;
        row.publicKey = launch.key() == null ? null : launch.key().publicKey;
        row.imageId = launch.image().id;
        row.userData = launch.userData();
        row.createdAt = Instant.now();
        return row;
    }
}
