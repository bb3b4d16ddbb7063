package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.DhcpHost;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.network.service.NetworkSetup;
import dev.ec2service.platform.files.DataHome;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Removes everything an instance owns outside the database: the domain, its directory (disk, seed
 * ISO, console log) and its address reservation. Used by terminate and by a failed create
 * (REQ-INST-007, REQ-INST-012, REQ-STOR-004); each step tolerates what is already gone.
 */
@ApplicationScoped
public class InstanceResources {

    private final Hypervisor hypervisor;
    private final DataHome home;
    private final NetworkSetup network;

    InstanceResources(Hypervisor hypervisor, DataHome home, NetworkSetup network) {
        this.hypervisor = hypervisor;
        this.home = home;
        this.network = network;
    }

    public Path disk(String id) {
        return home.instanceDir(id).resolve("disk.qcow2");
    }

    public Path seedIso(String id) {
        return home.instanceDir(id).resolve("cloud-init.iso");
    }

    public Path consoleLog(String id) {
        return home.instanceDir(id).resolve("console.log");
    }

    /** Destroys and undefines the domain, deletes the directory and releases the address. */
    public void release(Instance instance) {
        hypervisor.destroyDomain(instance.id);
        hypervisor.undefineDomain(instance.id);
        deleteDirectory(home.instanceDir(instance.id));
        releaseAddress(instance);
    }

    /**
     * Removes the reservations held for the instance's MAC exactly as the network has them: the
     * address in the row may since have been corrected from a lease.
     */
    public void releaseAddress(Instance instance) {
        if (instance.macAddress == null) {
            return;
        }
        String name = network.wanted().name();
        try {
            List<DhcpHost> held = hypervisor.findNetwork(name).map(n -> n.spec().hosts()).orElse(List.of()).stream()
                    .filter(h -> instance.macAddress.equalsIgnoreCase(h.mac())).toList();
            for (DhcpHost host : held) {
                hypervisor.removeDhcpHost(name, host);
            }
        } catch (HypervisorException e) {
            // a reservation that is already gone is what we want; anything else is worth a warning
            Log.warnf("%s: could not remove the address reservation %s: %s", instance.id, instance.ipAddress,
                    e.getMessage());
        }
    }

    static void deleteDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new HypervisorException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
