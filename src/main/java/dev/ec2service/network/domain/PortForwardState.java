package dev.ec2service.network.domain;

/**
 * A recorded forward and whether it relays now: it listens while its instance is running; {@code problem} says why
 * a running instance's forward does not (e.g. another program took the host port while the instance was stopped).
 */
public record PortForwardState(PortForward forward, boolean listening, String problem) {
}
