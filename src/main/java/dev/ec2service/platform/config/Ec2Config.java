package dev.ec2service.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the service. Defaults equal the specification; each can be overridden in
 * {@code application.properties}, as a system property ({@code -Dec2.home=...}) or as an environment
 * variable ({@code EC2_HOME}, {@code EC2_LIBVIRT_URI}, ...).
 */
@ConfigMapping(prefix = "ec2")
public interface Ec2Config {

    /** Data home: database, base images, instance disks, keys and logs (REQ-STOR-005). */
    @WithDefault("${user.home}/.ec2-as-service")
    Path home();

    Libvirt libvirt();

    Network network();

    Storage storage();

    Limits limits();

    Http http();

    Log log();

    interface Libvirt {
        /** Connection URI; empty means {@code qemu:///system} on Linux and {@code qemu:///session} on macOS. */
        Optional<String> uri();

        /** Accelerator for guests: {@code auto} picks a usable KVM (Linux) or HVF (macOS), else TCG. */
        @WithDefault("auto")
        AcceleratorSetting accelerator();

        /** How often the connection is probed; a lost connection is noticed within this interval. */
        @WithDefault("2s")
        Duration probeInterval();

        /** First reconnect delay after the connection is lost; doubles on each failure. */
        @WithDefault("1s")
        Duration reconnectMinDelay();

        /** Upper bound of the reconnect delay. */
        @WithDefault("30s")
        Duration reconnectMaxDelay();

        /**
         * First delay before the service tries again to start its network or storage pool after a failure;
         * doubles on each further failure.
         */
        @WithDefault("2s")
        Duration repairMinDelay();

        /** Upper bound of that delay, and how often a running network and pool are checked. */
        @WithDefault("30s")
        Duration repairMaxDelay();

        /** User QEMU runs as under {@code qemu:///system}; empty means read it from qemu.conf or guess by distribution. */
        Optional<String> qemuUser();
    }

    interface Network {
        /**
         * How instances are networked: {@code nat} (the libvirt NAT network below; needs the libvirt network driver,
         * i.e. {@code qemu:///system}), {@code user} (QEMU user-mode networking per instance, SSH forwarded from
         * {@code 127.0.0.1:<port>}; works without root and on macOS), or {@code auto}: {@code nat} on
         * {@code qemu:///system} (not on macOS), else {@code user}.
         */
        @WithDefault("auto")
        NetworkMode mode();

        /** In {@code user} mode: the lowest host port on 127.0.0.1 an instance's SSH is forwarded from. */
        @WithDefault("2201")
        int sshPortMin();

        /** In {@code user} mode: the highest such port. */
        @WithDefault("2999")
        int sshPortMax();

        /** Name of the libvirt NAT network (REQ-NET-001). */
        @WithDefault("ec2-as-service")
        String name();

        /** Host address of the network's bridge; the guests' gateway. */
        @WithDefault("192.168.100.1")
        String gateway();

        /** Prefix length of the network. */
        @WithDefault("24")
        int prefix();

        /** First address handed out by DHCP (REQ-NET-002). */
        @WithDefault("192.168.100.10")
        String dhcpStart();

        /** Last address handed out by DHCP (REQ-NET-002). */
        @WithDefault("192.168.100.254")
        String dhcpEnd();

        /**
         * NAT mode: how many addresses of the DHCP range are bound in the network ahead of launches, each for an
         * instance id drawn in advance. libvirt rebuilds the network's firewall for every DHCP entry it adds
         * (0.5-1 s on a small machine) and a starting guest waits behind it; a launch that takes a spare skips both.
         * 0 binds every address at its launch.
         */
        @WithDefault("1")
        int spareAddresses();
    }

    interface Storage {
        /** Name of the libvirt storage pool whose target is {@code <home>/storage} (REQ-STOR-001). */
        @WithDefault("ec2-as-service")
        String poolName();
    }

    interface Limits {
        /** Instance creation is refused while the host has less available memory than this (REQ-LIM-001). */
        @WithDefault("4096")
        long minFreeMemoryMb();

        /** Free disk that must remain beyond the new instance's disk size (REQ-LIM-002). */
        @WithDefault("5")
        long diskHeadroomGb();
    }

    interface Http {
        /** Port of the API, the web UI and the terminal (REQ-USE-001); mirrored to quarkus.http.port. */
        @WithDefault("8000")
        int port();

        /** Address to listen on; loopback keeps the service to this machine. */
        @WithDefault("127.0.0.1")
        String host();

        /** Extra host names accepted in the Host header besides loopback ones (DNS-rebinding guard). */
        Optional<List<String>> allowedHosts();

        /** Extra origins allowed to send state-changing requests, e.g. a UI dev server. */
        Optional<List<String>> allowedOrigins();
    }

    interface Log {
        /** Rotated warning/error logs older than this are deleted (REQ-LOG-004). */
        @WithDefault("7d")
        Duration retention();

        /** How often rotated logs past the retention are looked for and deleted; the first look is at startup. */
        @WithDefault("1h")
        Duration purgeInterval();
    }

    enum AcceleratorSetting {
        AUTO, KVM, HVF, TCG
    }
}
