package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.PortForwards;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.storage.port.Disks;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
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
    private final Disks disks;

    InstanceResources(Hypervisor hypervisor, DataHome home, AddressAllocator addresses, PortForwards forwards,
            Disks disks) {
        this.hypervisor = hypervisor;
        this.home = home;
        this.addresses = addresses;
        this.forwards = forwards;
        this.disks = disks;
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

    /**
     * The instance's disk: an overlay of the image's file, made under a temporary name and renamed, so a disk that
     * exists is whole (a launch and a preparation ahead both make it so).
     */
    public void createDisk(String id, Path imageFile, int sizeGb) throws IOException {
        Path disk = disk(id);
        Path partial = partial(disk);
        disks.createOverlay(imageFile, partial, sizeGb);
        Files.move(partial, disk, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The temporary name a file is made under before it is renamed; the extension stays last. */
    static Path partial(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling(name.substring(0, dot) + ".part" + name.substring(dot));
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
