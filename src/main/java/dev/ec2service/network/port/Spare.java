package dev.ec2service.network.port;

/**
 * An address bound in the network ahead of a launch, for an instance id drawn in advance: the launch that takes it
 * uses the id, and the network already hands the address to the MAC.
 */
public record Spare(String instanceId, Reservation reservation) {
}
