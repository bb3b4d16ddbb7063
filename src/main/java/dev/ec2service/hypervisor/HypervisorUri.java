package dev.ec2service.hypervisor;

import dev.ec2service.platform.config.Ec2Config;
import java.util.Locale;

/**
 * The libvirt URI in force: the configured one, else the platform default of the specification. Part of the port
 * because features name it in their repair advice ({@code virsh -c <uri> ...}) and QEMU's file access depends on it.
 */
public final class HypervisorUri {

    private HypervisorUri() {
    }

    public static String resolve(Ec2Config config) {
        return config.libvirt().uri().filter(u -> !u.isBlank()).orElseGet(HypervisorUri::platformDefault);
    }

    /** macOS has no system libvirtd with a privileged QEMU; guests run in the user's session there. */
    static String platformDefault() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.contains("mac") ? "qemu:///session" : "qemu:///system";
    }

    public static boolean isSystem(String uri) {
        return uri.endsWith("/system");
    }
}
