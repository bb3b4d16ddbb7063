package dev.ec2service.terminal.service;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a terminal logs in: the instance's address, the image's default user and the private keys to
 * try, the instance's own key first, then the terminal key.
 */
public record TerminalTarget(String instanceId, String address, String user, List<Path> keys) {
}
