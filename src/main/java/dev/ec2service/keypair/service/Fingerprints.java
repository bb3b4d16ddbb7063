package dev.ec2service.keypair.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Fingerprints of a public key blob, byte for byte as {@code ssh-keygen -l} prints them. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** {@code ssh-keygen -l -E md5} without its "MD5:" prefix, the form EC2 shows (REQ-SSH-003). */
    public static String md5(byte[] blob) {
        return HexFormat.ofDelimiter(":").formatHex(digest("MD5", blob));
    }

    /** {@code ssh-keygen -l}: "SHA256:" and unpadded base64. */
    public static String sha256(byte[] blob) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest("SHA-256", blob));
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }
}
