package dev.ec2service.network.domain;

import java.util.Comparator;
import java.util.List;

/**
 * A recorded forward and whether it relays now: it listens while its instance is running; {@code problem} says why
 * a running instance's forward does not (e.g. another program took the host port while the instance was stopped).
 */
public record PortForwardState(PortForward forward, boolean listening, String problem) {

    /** Forwards just claimed for an instance that does not run yet, in the order listings show them. */
    public static List<PortForwardState> claimed(List<PortForward> forwards) {
        return forwards.stream()
                .sorted(Comparator.comparingInt(PortForward::hostPort).thenComparing(f -> f.protocol().wire()))
                .map(f -> new PortForwardState(f, false, null)).toList();
    }
}
