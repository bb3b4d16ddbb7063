package dev.ec2service.network.service;

import java.util.regex.Pattern;

/**
 * The MAC of an instance, derived from its id (REQ-NET-006): {@code 52:54:} followed by the id's four bytes. 0x52
 * marks a locally administered unicast address, and the mapping is one-to-one, so unique ids give unique MACs.
 */
public final class Macs {

    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}");

    private Macs() {
    }

    public static String of(String instanceId) {
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("not an instance id: " + instanceId);
        }
        String hex = instanceId.substring(2);
        return "52:54:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6) + ":"
                + hex.substring(6, 8);
    }
}
