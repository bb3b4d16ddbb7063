package dev.ec2service.network.port;

/** The address and MAC reserved for an instance; the instance row holds them. */
public record Reservation(String ip, String mac) {
}
