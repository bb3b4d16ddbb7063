package dev.ec2service.instance.service;

import dev.ec2service.network.domain.PortForwardState;
import java.util.List;
import java.util.Map;

/** A page of the listing with the port forwards of its instances, and the version it shows. */
public record InstanceListing(InstancePage page, Map<String, List<PortForwardState>> ports, Version version) {

    /**
     * Two counters: the database's (instances, their tags and forwards) and the forwards' listening state. A listing
     * whose version equals the current one shows the current state.
     */
    public record Version(long rows, long forwards) {
    }
}
