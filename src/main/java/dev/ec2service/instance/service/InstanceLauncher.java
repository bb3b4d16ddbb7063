package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceIds;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.InstanceNetwork;
import dev.ec2service.network.port.Reservation;
import dev.ec2service.network.port.Spare;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private final LaunchReservations reservations;
    private final LaunchAnswers answers;

    InstanceLauncher(LaunchChecks checks, CapacityCheck capacity, AddressAllocator allocator, InstanceStore store,
            InstanceDrivers drivers, InstanceProvisioner provisioner, Hypervisor hypervisor, InstanceNetwork network,
            InstancePorts ports, LaunchReservations reservations, LaunchAnswers answers) {
        this.checks = checks;
        this.capacity = capacity;
        this.allocator = allocator;
        this.store = store;
        this.drivers = drivers;
        this.provisioner = provisioner;
        this.hypervisor = hypervisor;
        this.network = network;
        this.ports = ports;
        this.reservations = reservations;
        this.answers = answers;
    }

    Instance launch(CreateInstanceCommand command) {
        try (InstanceService.Answering answering = answering()) {
            return reserveAndStart(command);
        }
    }

    /** See {@link InstanceService#answeringLaunches()}. */
    InstanceService.Answering answering() {
        answers.begin();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                answers.end();
            }
        };
    }

    private Instance reserveAndStart(CreateInstanceCommand command) {
        LaunchChecks.Launch launch = checks.check(command);
        hypervisor.requireConnected();
        network.requireRecentlyUsable();

        // The row is the reservation: its address and MAC are unique in the database, and the memory check counts
        // every row already promised, so concurrent launches see each other. The DHCP entry and everything else are
        // made by the provisioning, which resumes after a crash from the row alone; a spare's entry is there
        // already, and the launch takes the spare's id with it. Whatever need not see the other launches is done
        // before the lock, which concurrent launches take one after another.
        CapacityCheck.HostRoom room = capacity.read();
        // checked against the rows under the lock, in the read of the promises
        String drawn = InstanceIds.random();
        Instance row = reservations.locked(() -> {
            LaunchReservations.Claim claim = reservations.claim(drawn);
            capacity.require(launch.type(), room, claim.promises().committedMemoryMb());
            Optional<Spare> spare = claim.spare();
            String id = claim.id();
            // the host ports are claimed first (all or none); should the row not follow, they are given back
            return ports.claimWith(id, command.ports(), () -> {
                Reservation address = spare.map(Spare::reservation)
                        .orElseGet(() -> allocator.reserve(id, claim.promises().reservations()));
                Instance made = newRow(id, launch, address);
                store.insert(made, command.ports());
                // the row first: an entry always has its owner in one of the two tables
                spare.ifPresent(reservations::taken);
                return made;
            });
        });
        Log.infof("%s: creating (%s, image %s, address %s)", row.id, launch.type().apiName(), launch.image().id,
                row.ipAddress);
        // a spare taken is made again once this guest has its address (SpareRefill#soon)
        drivers.launch(row.id, () -> bringUpAfterAnswers(row.id));
        return row;
    }

    /** Brings the instance up once the launches being answered are (see {@link LaunchAnswers}). */
    private void bringUpAfterAnswers(String id) {
        long start = System.nanoTime();
        try {
            answers.awaitAnswered();
        } catch (InterruptedException e) {
            // the service is stopping: the row is pending, and the next start's reconcile brings it up
            Log.infof("%s: provisioning not begun: the service is shutting down", id);
            Thread.currentThread().interrupt();
            return;
        }
        long waited = (System.nanoTime() - start) / 1_000_000;
        if (waited > 0) {
            // not in the boot log's steps, which begin after this wait
            Log.debugf("%s: provisioning waited %d ms for the launches being answered", id, waited);
        }
        provisioner.bringUp(id);
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
