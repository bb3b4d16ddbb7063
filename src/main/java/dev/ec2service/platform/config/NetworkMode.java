package dev.ec2service.platform.config;

/** The configured network mode ({@code ec2.network.mode}); {@code AUTO} is decided at startup. */
public enum NetworkMode {
    AUTO,
    NAT,
    USER
}
