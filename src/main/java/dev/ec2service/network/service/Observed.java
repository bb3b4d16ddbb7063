package dev.ec2service.network.service;

import java.time.Duration;
import java.time.Instant;

/**
 * Something read from libvirt, with when the read began. libvirtd answers questions about a network only after an
 * update of that network is done (adding a DHCP entry takes 0.5–1 s here), so a request that a recent read answers
 * well enough uses it instead of queueing behind the provisioning of the instance launched just before.
 */
record Observed<T>(T value, Instant readAt) {

    boolean fresherThan(Duration maxAge) {
        return readAt.plus(maxAge).isAfter(Instant.now());
    }
}
