package dev.ec2service.testsupport;

import dev.ec2service.platform.process.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * For a test profile with its own network, pool and data home (inside the test namespace): removes what an earlier
 * run left, before the service starts and after it stopped, so the other tests' network is never disturbed.
 */
public final class OwnLibvirtObjects {

    private OwnLibvirtObjects() {
    }

    /** Whether this runs in the namespace scripts/testenv.sh made, the only place a test may make a bridge. */
    public static boolean inTestNamespace() {
        return System.getenv("EC2_TESTENV_DIR") != null && System.getenv("EC2_TEST_IMAGE") != null;
    }

    /** The network and the storage pool of this name, whatever state they are in; none is fine. */
    public static void removeNetworkAndPool(String name) {
        quietly("virsh", "-c", "qemu:///system", "net-destroy", name);
        quietly("virsh", "-c", "qemu:///system", "net-undefine", name);
        quietly("virsh", "-c", "qemu:///system", "pool-destroy", name);
        quietly("virsh", "-c", "qemu:///system", "pool-undefine", name);
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    /** virsh on the test environment's libvirtd: what it printed; an IOException when virsh failed. */
    public static String virsh(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", "qemu:///system"));
        command.addAll(List.of(args));
        return Tools.run(command);
    }

    /** A domain's state as virsh names it ("running", "paused", ...); empty when there is no such domain. */
    public static String domainState(String name) {
        try {
            return virsh("domstate", name).strip();
        } catch (IOException e) {
            return "";
        }
    }

    public static void quietly(String... command) {
        try {
            Tools.run(List.of(command));
        } catch (IOException e) {
            // nothing to remove
        }
    }
}
