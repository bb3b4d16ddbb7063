package dev.ec2service.instance.domain;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Instance ids ({@code i-} + 8 lowercase hex, REQ-INST-003) and the MAC derived from them
 * (REQ-NET-006): {@code 52:54:} followed by the id's four bytes. 0x52 marks a locally administered
 * unicast address, and the mapping is one-to-one, so unique ids give unique MACs.
 */
public final class InstanceIds {

    public static final Pattern ID = Pattern.compile("i-[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private InstanceIds() {
    }

    public static String random() {
        return String.format(Locale.ROOT, "i-%08x", RANDOM.nextInt());
    }

    public static String macOf(String instanceId) {
        if (!ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("not an instance id: " + instanceId);
        }
        String hex = instanceId.substring(2);
        return "52:54:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6) + ":"
                + hex.substring(6, 8);
    }
}
