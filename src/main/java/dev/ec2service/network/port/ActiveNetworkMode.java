package dev.ec2service.network.port;

import dev.ec2service.platform.config.NetworkMode;

/**
 * The network mode in force ({@link NetworkMode#NAT} or {@link NetworkMode#USER}, never {@code AUTO}) and why it was
 * chosen, for health.
 */
public record ActiveNetworkMode(NetworkMode mode, NetworkMode configured, String reason) {

    public boolean user() {
        return mode == NetworkMode.USER;
    }
}
