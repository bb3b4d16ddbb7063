package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.instance.domain.InstanceLeavingRunning;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.instance.port.InstanceLookup;
import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.network.domain.PortForward;
import dev.ec2service.network.domain.PortForwardState;
import dev.ec2service.network.port.InstanceNetwork;
import dev.ec2service.network.port.PortForwards;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The EC2-like actions on instances. Validation comes first and creates nothing; creation reserves
 * an address and a row, answers {@code pending} at once and provisions in the background.
 */
@ApplicationScoped
public class InstanceService implements InstanceLookup {

    /** The longest instance name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 128;

    private final InstanceStore store;
    private final InstanceLocks locks;
    private final InstanceLauncher launcher;
    private final LaunchChecks checks;
    private final InstanceProvisioner provisioner;
    private final InstanceTerminator terminator;
    private final InstanceResources resources;
    private final InstanceStateSync sync;
    private final InstanceAddresses addresses;
    private final ConsoleTail console;
    private final Hypervisor hypervisor;
    private final InstanceNetwork network;
    private final Event<InstanceLeavingRunning> leaving;
    private final InstancePorts ports;
    private final PortForwards forwards;

    InstanceService(InstanceStore store, InstanceLocks locks, InstanceLauncher launcher, LaunchChecks checks,
            InstanceProvisioner provisioner, InstanceTerminator terminator, InstanceResources resources,
            InstanceStateSync sync, InstanceAddresses addresses, ConsoleTail console, Hypervisor hypervisor,
            InstanceNetwork network, Event<InstanceLeavingRunning> leaving, InstancePorts ports,
            PortForwards forwards) {
        this.store = store;
        this.locks = locks;
        this.launcher = launcher;
        this.checks = checks;
        this.provisioner = provisioner;
        this.terminator = terminator;
        this.resources = resources;
        this.sync = sync;
        this.addresses = addresses;
        this.console = console;
        this.hypervisor = hypervisor;
        this.network = network;
        this.leaving = leaving;
        this.ports = ports;
        this.forwards = forwards;
    }

    /** Checks the launch, reserves its row and answers it {@code pending}; provisioning goes on in the background. */
    public Instance create(CreateInstanceCommand command) {
        return launcher.launch(command);
    }

    /**
     * For a request that launches several instances (RunInstances with a MaxCount): none of them is provisioned
     * before the request is answered or the bound of {@link LaunchAnswers} has passed. Close it when answered.
     */
    public Answering answeringLaunches() {
        return launcher.answering();
    }

    /** A request's launches being answered, until closed (closing twice counts once). */
    public interface Answering extends AutoCloseable {

        @Override
        void close();
    }

    @Override
    public Instance get(String id) {
        Instance row = require(id);
        if (row.status == InstanceStatus.TERMINATED) {
            return row;
        }
        // REQ-INST-015: details come from libvirt, not from what the database last heard
        Instance current = sync.current(row);
        return current.status == InstanceStatus.RUNNING ? addresses.refreshAddress(current) : current;
    }

    @Override
    public boolean exists(String id) {
        return store.exists(id);
    }

    @Override
    public List<String> runningIds() {
        return store.list(Optional.of(InstanceStatus.RUNNING)).stream().map(i -> i.id).toList();
    }

    public List<Instance> list(Optional<String> status) {
        return store.list(status.flatMap(InstanceListQuery::status));
    }

    /**
     * The page with every listed instance's port forwards, unless nothing it shows has changed since {@code known}
     * was read: then only two counters are read, so a client that lists often (a console, a script) is answered
     * from what it was last given.
     */
    public Optional<InstanceListing> listingIfChanged(InstanceListQuery query, Optional<InstanceListing.Version> known) {
        // read before the forwards are, so a change made meanwhile moves it past what the listing saw
        long generation = forwards.generation();
        long knownRows = known.filter(k -> k.forwards() == generation).map(InstanceListing.Version::rows)
                .orElse(InstancePage.NO_VERSION);
        return store.pageIfChanged(query, knownRows).map(page -> new InstanceListing(page, forwards.all(),
                new InstanceListing.Version(page.version(), generation)));
    }

    /** The end of the serial console log (at most 64 KiB). */
    public String consoleTail(String id) {
        require(id);
        return console.read(id);
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
            Instance running = requireIn(id, "stop", InstanceStatus.RUNNING);
            hypervisor.requireConnected();
            leaving.fire(new InstanceLeavingRunning(id, "instance " + id + " is stopping"));
            ports.alignQuietlyBefore(running, InstanceStatus.STOPPING);
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
        Optional<InstanceType> type = change.instanceType().map(checks::type);
        Optional<Optional<byte[]>> userData = change.userData().map(bytes -> Optional.ofNullable(checks.userData(bytes)));
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
            hypervisor.redefineDomain(provisioner.domainSpec(row, type, provisioner.image(row)));
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
            ports.alignQuietlyBefore(row, InstanceStatus.SHUTTING_DOWN);
            store.update(id, i -> {
                i.status = InstanceStatus.SHUTTING_DOWN;
                i.stateReason = "user requested termination";
            });
            return terminator.finish(id);
        });
    }

    /** The instance's port forwards, each with whether it listens now. */
    public List<PortForwardState> ports(String id) {
        require(id);
        return forwards.of(id);
    }

    /**
     * Adds a port forward to an instance that is not terminated. A running instance's forward listens before this
     * answers; a host port taken by another instance's forward or another program is refused ({@code 409}).
     */
    public PortForwardState addPort(String id, PortForward forward) {
        return locks.withLock(id, () -> {
            Instance row = require(id);
            if (row.status == InstanceStatus.TERMINATED || row.status == InstanceStatus.SHUTTING_DOWN) {
                throw InstanceErrors.INVALID_STATE.exception("cannot forward a port to instance " + id + " while it is "
                        + row.status.wire());
            }
            ports.claim(id, List.of(forward));
            ports.align(row);
            PortForwardState state = stateOf(id, forward.key());
            if (row.status == InstanceStatus.RUNNING && !state.listening()) {
                forwards.remove(id, forward.key());
                throw NetworkErrors.HOST_PORT_IN_USE.exception(state.problem() == null
                        ? "host port " + forward.hostPort() + " could not be listened on" : state.problem());
            }
            Log.infof("%s: forwarding 127.0.0.1:%d to guest port %d (%s)", id, forward.hostPort(), forward.guestPort(),
                    forward.protocol().wire());
            return state;
        });
    }

    /** Removes one forward of the instance; its host port is free when this returns. */
    public void removePort(String id, PortForward.Key key) {
        locks.withLock(id, () -> {
            require(id);
            forwards.remove(id, key);
            return null;
        });
    }

    private PortForwardState stateOf(String id, PortForward.Key key) {
        return forwards.of(id).stream().filter(s -> s.forward().key().equals(key)).findFirst()
                .orElseThrow(() -> NetworkErrors.PORT_FORWARD_NOT_FOUND.exception("instance " + id + " has no "
                        + key.protocol().wire() + " forward from host port " + key.hostPort()));
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
}
