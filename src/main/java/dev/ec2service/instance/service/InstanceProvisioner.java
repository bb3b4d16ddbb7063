package dev.ec2service.instance.service;

import dev.ec2service.host.service.AcceleratorDetector;
import dev.ec2service.hypervisor.DomainInfo;
import dev.ec2service.hypervisor.DomainSpec;
import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.image.domain.Image;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.service.NetworkSetup;
import dev.ec2service.storage.service.DataHome;
import dev.ec2service.storage.service.DiskImages;
import dev.ec2service.terminal.service.TerminalKey;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The background half of creation: disk overlay, seed ISO, domain definition, boot. Any failure
 * marks the instance {@code error} with its reason and removes what was made (REQ-INST-007).
 */
@ApplicationScoped
public class InstanceProvisioner {

    private final InstanceStore store;
    private final InstanceLocks locks;
    private final InstanceResources resources;
    private final InstanceStateSync sync;
    private final Hypervisor hypervisor;
    private final DataHome home;
    private final NetworkSetup network;
    private final AcceleratorDetector accelerator;
    private final DiskImages disks;
    private final TerminalKey terminalKey;

    InstanceProvisioner(InstanceStore store, InstanceLocks locks, InstanceResources resources, InstanceStateSync sync,
            Hypervisor hypervisor, DataHome home, NetworkSetup network, AcceleratorDetector accelerator,
            DiskImages disks, TerminalKey terminalKey) {
        this.store = store;
        this.locks = locks;
        this.resources = resources;
        this.sync = sync;
        this.hypervisor = hypervisor;
        this.home = home;
        this.network = network;
        this.accelerator = accelerator;
        this.disks = disks;
        this.terminalKey = terminalKey;
    }

    void provision(String id, Image image, String publicKey, byte[] userData) {
        try {
            locks.withLock(id, () -> {
                Instance row = store.find(id).orElse(null);
                if (row == null || row.status != InstanceStatus.PENDING) {
                    return null;
                }
                try {
                    boot(row, image, publicKey, userData);
                } catch (Exception e) {
                    fail(row, e);
                }
                return null;
            });
        } finally {
            locks.dequeue(id);
        }
    }

    private void boot(Instance row, Image image, String publicKey, byte[] userData) throws IOException {
        Path dir = home.instanceDir(row.id);
        Files.createDirectories(dir);
        disks.createOverlay(Path.of(image.filePath), resources.disk(row.id), row.diskGb);
        List<String> keys = new ArrayList<>();
        if (publicKey != null) {
            keys.add(publicKey);
        }
        // the web terminal's key, after the user's (REQ-TERM-012), as EC2 Instance Connect pushes one
        terminalKey.publicKeyLine().ifPresent(keys::add);
        CloudInitSeed.write(resources.seedIso(row.id),
                CloudInitSeed.metaData(row.id, CloudInitSeed.hostname(row.id, row.name), keys), userData);
        disks.allowRead(resources.seedIso(row.id));
        hypervisor.defineDomain(new DomainSpec(row.id, accelerator.accelerator(), image.arch.equals("arm64")
                ? "aarch64" : "x86_64", row.vcpus, row.memoryMb, resources.disk(row.id), resources.seedIso(row.id),
                network.wanted().name(), row.macAddress, resources.consoleLog(row.id),
                new DomainSpec.DomainMetadata(row.instanceType, row.name, row.sshKeyName, image.id)));
        hypervisor.startDomain(row.id);
        DomainInfo domain = hypervisor.findDomain(row.id)
                .orElseThrow(() -> new IllegalStateException("the domain vanished right after it started"));
        if (domain.state() != DomainState.RUNNING) {
            throw new IllegalStateException("libvirt reports the new domain as " + domain.state());
        }
        sync.awaitLease(row.id);
        store.update(row.id, i -> {
            i.status = InstanceStatus.RUNNING;
            i.libvirtUuid = domain.uuid();
            i.launchedAt = Instant.now();
            i.stateReason = null;
        });
        Log.infof("%s: running (domain %s)", row.id, domain.uuid());
    }

    private void fail(Instance row, Exception cause) {
        String reason = "creation failed: " + cause.getMessage();
        Log.errorf("%s: %s", row.id, reason);
        try {
            resources.release(row);
        } catch (RuntimeException cleanup) {
            Log.errorf(cleanup, "%s: cleaning up after a failed creation also failed", row.id);
        }
        store.update(row.id, i -> {
            i.status = InstanceStatus.ERROR;
            i.stateReason = reason;
            i.ipAddress = null;
        });
    }
}
