package dev.ec2service.storage.port;

import dev.ec2service.hypervisor.StoragePoolSpec;
import dev.ec2service.hypervisor.StoragePoolState;
import dev.ec2service.platform.repair.RepairSchedule;
import dev.ec2service.platform.repair.SetupProblem;
import java.util.Optional;

/** The storage pool the service keeps running, as health reports it. */
public interface StoragePoolHealth {

    /** The pool as the service defines it. */
    StoragePoolSpec wanted();

    Optional<String> warning();

    /** When the service last tried to define or start the pool, why that failed, when it tries next. */
    RepairSchedule.Snapshot repairs();

    /** Why the pool is not running, or empty when it runs, for a pool state already read from libvirt. */
    Optional<SetupProblem> problem(Optional<StoragePoolState> found);
}
