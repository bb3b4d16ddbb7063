package dev.ec2service.network.service;

import dev.ec2service.hypervisor.HypervisorUri;
import dev.ec2service.network.port.ActiveNetworkMode;
import dev.ec2service.platform.config.Ec2Config;
import dev.ec2service.platform.config.NetworkMode;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/** Decides once, at startup, which network mode is in force ({@code ec2.network.mode}). */
@ApplicationScoped
public class NetworkModes {

    private final ActiveNetworkMode active;

    NetworkModes(Ec2Config config) {
        boolean macOs = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
        this.active = decide(config.network().mode(), macOs, HypervisorUri.resolve(config));
        Log.infof("network mode %s: %s", active.mode().name().toLowerCase(Locale.ROOT), active.reason());
    }

    public ActiveNetworkMode active() {
        return active;
    }

    /**
     * {@code auto} takes the NAT network only where libvirt has a network driver that can build a bridge: a system
     * connection ({@code qemu:///system}, root or the libvirt group) on a host other than macOS. A session
     * connection has no privileges for a bridge, and libvirt on macOS has no network driver at all.
     */
    static ActiveNetworkMode decide(NetworkMode configured, boolean macOs, String uri) {
        return switch (configured) {
            case NAT -> new ActiveNetworkMode(NetworkMode.NAT, configured, "configured (ec2.network.mode=nat)");
            case USER -> new ActiveNetworkMode(NetworkMode.USER, configured, "configured (ec2.network.mode=user)");
            case AUTO -> {
                if (macOs) {
                    yield new ActiveNetworkMode(NetworkMode.USER, configured,
                            "auto: libvirt on macOS has no network driver, so QEMU user-mode networking");
                }
                if (!HypervisorUri.isSystem(uri)) {
                    yield new ActiveNetworkMode(NetworkMode.USER, configured, "auto: " + uri
                            + " is a session connection, which cannot create a NAT network's bridge");
                }
                yield new ActiveNetworkMode(NetworkMode.NAT, configured,
                        "auto: " + uri + " has libvirt's network driver, so the NAT network");
            }
        };
    }
}
