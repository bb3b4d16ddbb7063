package dev.ec2service.instance.domain;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/** Instance ids: {@code i-} + 8 lowercase hex (REQ-INST-003); the network derives the MAC from them. */
public final class InstanceIds {

    public static final Pattern ID = Pattern.compile("i-[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private InstanceIds() {
    }

    public static String random() {
        return String.format(Locale.ROOT, "i-%08x", RANDOM.nextInt());
    }
}
