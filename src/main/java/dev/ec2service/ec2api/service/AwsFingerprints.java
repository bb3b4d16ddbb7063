package dev.ec2service.ec2api.service;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Key fingerprints the way EC2 computes them, which is not how ssh-keygen does: for RSA, the MD5 of the DER
 * SubjectPublicKeyInfo (what {@code ssh-keygen -e -m PKCS8 | openssl pkey -pubin -outform DER | openssl md5 -c}
 * prints); for ed25519, the base64 SHA-256 of the key blob. Other types keep ssh-keygen's MD5 of the blob.
 */
public final class AwsFingerprints {

    private AwsFingerprints() {
    }

    /** The fingerprint of an OpenSSH public key line ({@code type base64 [comment]}). */
    public static String of(String publicKeyLine) {
        String[] fields = publicKeyLine.strip().split("\\s+");
        byte[] blob = Base64.getDecoder().decode(fields[1]);
        return switch (fields[0]) {
            case "ssh-rsa" -> HexFormat.ofDelimiter(":").formatHex(digest("MD5", rsaSubjectPublicKeyInfo(blob)));
            case "ssh-ed25519" -> Base64.getEncoder().encodeToString(digest("SHA-256", blob));
            default -> HexFormat.ofDelimiter(":").formatHex(digest("MD5", blob));
        };
    }

    /** The key types EC2 names: rsa or ed25519 (others, which EC2 does not have, by their OpenSSH name). */
    public static String keyType(String opensshType) {
        return switch (opensshType == null ? "" : opensshType) {
            case "ssh-rsa" -> "rsa";
            case "ssh-ed25519" -> "ed25519";
            default -> opensshType;
        };
    }

    /** RFC 4253: string "ssh-rsa", mpint e, mpint n. */
    static byte[] rsaSubjectPublicKeyInfo(byte[] blob) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        String type = new String(field(in), StandardCharsets.US_ASCII);
        if (!type.equals("ssh-rsa")) {
            throw new IllegalArgumentException("not an ssh-rsa blob: " + type);
        }
        BigInteger e = new BigInteger(field(in));
        BigInteger n = new BigInteger(field(in));
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)).getEncoded();
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("not an RSA public key", ex);
        }
    }

    private static byte[] field(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return bytes;
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
