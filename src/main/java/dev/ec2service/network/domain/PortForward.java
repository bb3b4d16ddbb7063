package dev.ec2service.network.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A forward from {@code 127.0.0.1:hostPort} on the host to {@code guestPort} of one instance's guest. */
public record PortForward(int hostPort, int guestPort, ForwardProtocol protocol) {

    public static final int MIN_PORT = 1;
    public static final int MAX_PORT = 65535;

    /** What identifies a forward on the host: its port and protocol. */
    public record Key(int hostPort, ForwardProtocol protocol) {
    }

    public Key key() {
        return new Key(hostPort, protocol);
    }

    /**
     * A forward from what a request gave: both ports required and in 1..65535, protocol {@code tcp} (the default
     * when absent); anything else is refused ({@code invalid-port-forward}) with what was wrong.
     */
    public static PortForward of(Integer hostPort, Integer guestPort, String protocol) {
        int host = port("host", hostPort);
        int guest = port("guest", guestPort);
        return new PortForward(host, guest, protocol(protocol));
    }

    /** The key of a forward from what a request named, checked as {@link #of} checks it. */
    public static Key key(Integer hostPort, String protocol) {
        return new Key(port("host", hostPort), protocol(protocol));
    }

    private static ForwardProtocol protocol(String protocol) {
        return protocol == null ? ForwardProtocol.TCP : ForwardProtocol.of(protocol).orElseThrow(() ->
                NetworkErrors.INVALID_PORT_FORWARD.exception("protocol '" + protocol + "' is not supported; only "
                        + "tcp is forwarded (udp is not yet)"));
    }

    /** Refuses a list in which a host port (with its protocol) appears twice. */
    public static List<PortForward> distinct(List<PortForward> forwards) {
        Set<String> seen = new HashSet<>();
        for (PortForward f : forwards) {
            if (!seen.add(f.protocol().wire() + "/" + f.hostPort())) {
                throw NetworkErrors.INVALID_PORT_FORWARD.exception("host port " + f.hostPort() + " ("
                        + f.protocol().wire() + ") is given more than once");
            }
        }
        return List.copyOf(forwards);
    }

    private static int port(String which, Integer port) {
        if (port == null) {
            throw NetworkErrors.INVALID_PORT_FORWARD.exception(which + " port is required");
        }
        if (port < MIN_PORT || port > MAX_PORT) {
            throw NetworkErrors.INVALID_PORT_FORWARD.exception(which + " port " + port + " is out of range; a port "
                    + "is " + MIN_PORT + " to " + MAX_PORT);
        }
        return port;
    }
}
