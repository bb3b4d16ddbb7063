package dev.ec2service.network.service;

import java.time.Duration;

/**
 * Something read from libvirt, with when the read began. libvirtd answers questions about a network only after an
 * update of that network is done (adding a DHCP entry takes 0.5–1 s here), so a request that a recent read answers
 * well enough uses it instead of queueing behind the provisioning of the instance launched just before.
 */
record Observed<T>(T value, long readAtNanos) {

    /** Read now: the read began at {@code readAtNanos} ({@link System#nanoTime}, which a clock step does not move). */
    static <T> Observed<T> since(long readAtNanos, T value) {
        return new Observed<>(value, readAtNanos);
    }

    boolean fresherThan(Duration maxAge) {
        return System.nanoTime() - readAtNanos < maxAge.toNanos();
    }
}
