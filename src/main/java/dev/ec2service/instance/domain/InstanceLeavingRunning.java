package dev.ec2service.instance.domain;

/**
 * Fired when the user stops or terminates an instance, before the guest goes down: whatever holds a
 * connection to the guest (the web terminal) closes it with {@code reason}.
 */
public record InstanceLeavingRunning(String instanceId, String reason) {
}
