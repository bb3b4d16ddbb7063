package dev.ec2service.network.port;

import java.util.List;
import java.util.Set;

/**
 * What the network holds for instances at one moment: the MACs it hands an address to, and each entry with the
 * instance it was made for.
 */
public record Holdings(Set<String> macs, List<Entry> entries) {

    /** One entry: the network hands {@code ip} to {@code mac}; made for the instance {@code owner} (may be null). */
    public record Entry(String mac, String ip, String owner) {
    }

    /** Whether the network hands an address to this MAC (case ignored). */
    public boolean holds(String mac) {
        return mac != null && macs.contains(mac.toLowerCase());
    }
}
