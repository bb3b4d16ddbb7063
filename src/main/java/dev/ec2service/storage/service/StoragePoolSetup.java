package dev.ec2service.storage.service;

import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.hypervisor.HypervisorUnavailableException;
import dev.ec2service.hypervisor.HypervisorUri;
import dev.ec2service.hypervisor.StoragePoolSpec;
import dev.ec2service.hypervisor.StoragePoolState;
import dev.ec2service.platform.config.Ec2Config;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.repair.RepairSchedule;
import dev.ec2service.platform.repair.SetupProblem;
import dev.ec2service.storage.port.StoragePoolHealth;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes sure the directory pool of REQ-STOR-001 exists with target {@code <home>/storage}, runs and autostarts.
 * When it cannot be started the service keeps trying on a backoff (and at once after a reconnect), recreating
 * its own target directory when that has gone, and says why in health.
 */
@ApplicationScoped
public class StoragePoolSetup implements StoragePoolHealth {

    private final Hypervisor hypervisor;
    private final DataHome home;
    private final String poolName;
    private final String uri;
    private final RepairSchedule repairs;
    /** One repair at a time; not a monitor, because a reconnect fires onConnected while holding the connection's. */
    private final ReentrantLock repairing = new ReentrantLock();
    private volatile String warning;

    StoragePoolSetup(Hypervisor hypervisor, DataHome home, Ec2Config config) {
        this.hypervisor = hypervisor;
        this.home = home;
        this.poolName = config.storage().poolName();
        this.uri = HypervisorUri.resolve(config);
        this.repairs = new RepairSchedule(config.libvirt().repairMinDelay(), config.libvirt().repairMaxDelay());
    }

    @Override
    public StoragePoolSpec wanted() {
        return new StoragePoolSpec(poolName, home.storage().toString());
    }

    @Override
    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /** When the service last tried to define or start the pool, why that failed, when it tries next. */
    @Override
    public RepairSchedule.Snapshot repairs() {
        return repairs.snapshot();
    }

    void onConnected(@Observes HypervisorConnected event) {
        repairs.checkSoon();
        try {
            repair();
        } catch (RuntimeException e) {
            // the observers after this one (the reconcile among them) must still hear of the connection; the
            // scheduled repair tries again
            Log.errorf(e, "setting up the storage pool %s after connecting failed", poolName);
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRepair() {
        if (repairs.due(Instant.now())) {
            repair();
        }
    }

    /** Why the pool is not running, or empty when it runs, for a pool state already read from libvirt. */
    @Override
    public Optional<SetupProblem> problem(Optional<StoragePoolState> found) {
        if (found.isPresent() && found.get().active()) {
            return Optional.empty();
        }
        RepairSchedule.Snapshot attempts = repairs.snapshot();
        if (!attempts.failing()) {
            // stopped from outside since the last check: try again now rather than at the next routine check
            repairs.checkSoon();
        }
        String target = found.map(StoragePoolState::targetPath).orElse(wanted().targetPath());
        String summary = "storage pool " + poolName + (found.isEmpty() ? " is not defined in libvirt" : " is not running");
        return Optional.of(new SetupProblem(summary, attempts.lastError(), fixFor(uri, poolName, target, attempts.lastError())));
    }

    /** Defines, starts and autostarts the pool as needed; a failure is kept for health and retried later. */
    void repair() {
        // a repair already under way on another thread does the same work; waiting for it could deadlock
        if (!repairing.tryLock()) {
            return;
        }
        try {
            repairLocked();
        } finally {
            repairing.unlock();
        }
    }

    private void repairLocked() {
        Instant now = Instant.now();
        boolean wasFailing = repairs.snapshot().failing();
        try {
            if (ensure()) {
                repairs.succeeded(now);
                if (wasFailing) {
                    Log.infof("storage pool %s is running again", poolName);
                }
            } else {
                repairs.foundRunning(now);
            }
        } catch (HypervisorUnavailableException e) {
            // the connection is gone; reconnecting runs the repair again
            Log.debugf("storage pool repair skipped: %s", e.getMessage());
        } catch (HypervisorException | UncheckedIOException e) {
            if (repairs.failed(now, e.getMessage())) {
                Log.warnf("storage pool %s cannot be started: %s. %s", poolName, e.getMessage(),
                        fixFor(uri, poolName, wanted().targetPath(), e.getMessage()));
            }
        }
    }

    /** Brings the pool to the wanted state; answers whether anything had to be done. */
    private boolean ensure() {
        StoragePoolSpec wanted = wanted();
        boolean acted = false;
        Optional<StoragePoolState> found = hypervisor.findStoragePool(poolName);
        if (found.isEmpty()) {
            hypervisor.defineStoragePool(wanted);
            Log.infof("defined libvirt storage pool %s at %s", poolName, wanted.targetPath());
            found = hypervisor.findStoragePool(poolName);
            acted = true;
        }
        StoragePoolState state = found.orElseThrow();
        boolean ours = "dir".equals(state.type()) && wanted.targetPath().equals(state.targetPath());
        String mismatch = ours ? null : String.format("libvirt storage pool '%s' exists as type %s at %s, not as "
                        + "configured (dir at %s); it is used as it is. To let the service recreate it run: "
                        + "virsh pool-destroy %s; virsh pool-undefine %s",
                poolName, state.type(), state.targetPath(), wanted.targetPath(), poolName, poolName);
        if (mismatch != null && !mismatch.equals(warning)) {
            Log.warn(mismatch);
        }
        warning = mismatch;
        if (!state.active()) {
            if (ours && !Files.exists(Path.of(wanted.targetPath()))) {
                // the target is the service's own directory: put it back rather than report it missing
                home.create();
                Log.infof("recreated the storage pool's directory %s", wanted.targetPath());
            }
            hypervisor.startStoragePool(poolName);
            Log.infof("started libvirt storage pool %s", poolName);
            acted = true;
        }
        if (!state.autostart()) {
            hypervisor.setStoragePoolAutostart(poolName);
            acted = true;
        }
        return acted;
    }

    /** The command that removes what keeps the pool from starting, as far as it can be told. */
    static String fixFor(String uri, String poolName, String target, String cause) {
        String retry = "`virsh -c " + uri + " pool-start " + poolName + "` shows libvirt's complaint in full.";
        if (cause == null) {
            return "It was stopped or removed outside the service; the service sets it up again, or run `virsh -c "
                    + uri + " pool-start " + poolName + "`.";
        }
        if (cause.contains("Not a directory") || cause.contains("cannot open directory")
                || cause.contains("No such file")) {
            return "Its directory " + target + " must be a directory the service and libvirt can open (see `ls -ld "
                    + target + "`); move away whatever stands there and the service recreates it. " + retry;
        }
        return retry;
    }
}
