package dev.ec2service.storage.service;

import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.hypervisor.StoragePoolSpec;
import dev.ec2service.hypervisor.StoragePoolState;
import dev.ec2service.platform.config.Ec2Config;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/** Makes sure the directory pool of REQ-STOR-001 exists with target {@code <home>/storage}, runs and autostarts. */
@ApplicationScoped
public class StoragePoolSetup {

    private final Hypervisor hypervisor;
    private final DataHome home;
    private final String poolName;
    private volatile String warning;

    StoragePoolSetup(Hypervisor hypervisor, DataHome home, Ec2Config config) {
        this.hypervisor = hypervisor;
        this.home = home;
        this.poolName = config.storage().poolName();
    }

    public StoragePoolSpec wanted() {
        return new StoragePoolSpec(poolName, home.storage().toString());
    }

    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    void onConnected(@Observes HypervisorConnected event) {
        ensure();
    }

    public void ensure() {
        StoragePoolSpec wanted = wanted();
        Optional<StoragePoolState> found = hypervisor.findStoragePool(poolName);
        if (found.isEmpty()) {
            hypervisor.defineStoragePool(wanted);
            Log.infof("defined libvirt storage pool %s at %s", poolName, wanted.targetPath());
            found = hypervisor.findStoragePool(poolName);
        }
        StoragePoolState state = found.orElseThrow();
        if (!"dir".equals(state.type()) || !wanted.targetPath().equals(state.targetPath())) {
            warning = String.format("libvirt storage pool '%s' exists as type %s at %s, not as configured (dir at %s); "
                            + "it is used as it is. To let the service recreate it run: virsh pool-destroy %s; "
                            + "virsh pool-undefine %s",
                    poolName, state.type(), state.targetPath(), wanted.targetPath(), poolName, poolName);
            Log.warn(warning);
        } else {
            warning = null;
        }
        if (!state.active()) {
            hypervisor.startStoragePool(poolName);
        }
        if (!state.autostart()) {
            hypervisor.setStoragePoolAutostart(poolName);
        }
    }
}
