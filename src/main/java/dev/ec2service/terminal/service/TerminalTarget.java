package dev.ec2service.terminal.service;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a terminal logs in: the host and port SSH answers on (the guest's address and 22 on the NAT network,
 * 127.0.0.1 and the forwarded port in user-mode networking), the image's default user and the private keys to try,
 * the instance's own key first, then the terminal key.
 */
public record TerminalTarget(String instanceId, String address, int port, String user, List<Path> keys) {

    /** host:port, for messages. */
    public String endpoint() {
        return address + ":" + port;
    }
}
