package dev.ec2service.network.service;

import dev.ec2service.platform.config.Ec2Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;

/**
 * The configured DHCP range as a set of IPv4 addresses. Each instance reserves one at creation,
 * so exhaustion is exact and known before anything is made (REQ-NET-007).
 */
@ApplicationScoped
public class AddressPool {

    private final long first;
    private final long last;
    private final long gateway;

    @Inject
    AddressPool(Ec2Config config) {
        this(config.network().dhcpStart(), config.network().dhcpEnd(), config.network().gateway());
    }

    AddressPool(String first, String last, String gateway) {
        this.first = toLong(first);
        this.last = toLong(last);
        this.gateway = toLong(gateway);
        if (this.last < this.first) {
            throw new IllegalArgumentException("DHCP range ends (" + last + ") before it starts (" + first + ")");
        }
    }

    /** The lowest address in the range that is neither taken nor the gateway. */
    public Optional<String> firstFree(Set<String> taken) {
        for (long a = first; a <= last; a++) {
            String candidate = toText(a);
            if (a != gateway && !taken.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether the address lies in the range (an unparsable one does not). */
    public boolean contains(String address) {
        try {
            long a = toLong(address);
            return a >= first && a <= last;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a launch may be given the address: in the range and not the gateway. */
    public boolean assignable(String address) {
        try {
            return contains(address) && toLong(address) != gateway;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public long size() {
        return last - first + 1 - (gateway >= first && gateway <= last ? 1 : 0);
    }

    static long toLong(String address) {
        String[] parts = address.trim().split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        long value = 0;
        for (String p : parts) {
            int octet = Integer.parseInt(p);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            value = value << 8 | octet;
        }
        return value;
    }

    static String toText(long value) {
        return (value >> 24 & 255) + "." + (value >> 16 & 255) + "." + (value >> 8 & 255) + "." + (value & 255);
    }
}
