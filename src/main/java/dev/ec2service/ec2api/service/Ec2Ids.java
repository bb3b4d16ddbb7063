package dev.ec2service.ec2api.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * EC2-shaped ids for things that have ids of another shape here: derived from our own ids, so they are stable
 * across restarts and need no table (an image {@code ubuntu-22.04} is always the same {@code ami-...}).
 */
public final class Ec2Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ec2Ids() {
    }

    public static String ami(String imageId) {
        return "ami-" + hash("image:" + imageId);
    }

    /** Changes when a pair is deleted and re-made under the same name, like a new pair on EC2. */
    public static String keyPair(String name, java.time.Instant createdAt) {
        return "key-" + hash("key:" + name + ":" + createdAt);
    }

    /** The root volume of an instance. */
    public static String volume(String instanceId) {
        return "vol-" + hash("volume:" + instanceId);
    }

    /** The reservation of an instance launched through REST or the console (one instance per reservation). */
    public static String reservationOf(String instanceId) {
        return "r-" + hash("reservation:" + instanceId);
    }

    public static String newReservation() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return "r-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 17);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
