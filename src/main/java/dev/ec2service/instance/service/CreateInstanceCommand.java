package dev.ec2service.instance.service;

/**
 * What a caller gives to create an instance, whichever protocol it came by (REST body, EC2 RunInstances).
 * Only {@code instanceType} and {@code imageId} are required; the service validates every field.
 */
public record CreateInstanceCommand(String name, String instanceType, String imageId, String sshKeyName,
        String userData) {
}
