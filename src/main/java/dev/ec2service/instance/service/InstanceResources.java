package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.PortForwards;
import dev.ec2service.platform.files.DataHome;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Removes everything an instance owns outside the database: the domain, its directory (disk, seed
 * ISO, console log), its address reservation and its port forwards. Used by terminate and by a failed create
 * (REQ-INST-007, REQ-INST-012, REQ-STOR-004); each step tolerates what is already gone.
 */
@ApplicationScoped
public class InstanceResources {

    private final Hypervisor hypervisor;
    private final DataHome home;
    private final AddressAllocator addresses;
    private final PortForwards forwards;

    InstanceResources(Hypervisor hypervisor, DataHome home, AddressAllocator addresses, PortForwards forwards) {
        this.hypervisor = hypervisor;
        this.home = home;
        this.addresses = addresses;
        this.forwards = forwards;
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

    /** Frees the host ports, destroys and undefines the domain, deletes the directory and releases the address. */
    public void release(Instance instance) {
        forwards.release(instance.id);
        hypervisor.destroyDomain(instance.id);
        hypervisor.undefineDomain(instance.id);
        deleteDirectory(home.instanceDir(instance.id));
        addresses.release(instance.id, instance.reservation());
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
            throw InstanceErrors.FILES_NOT_DELETED.exception("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
