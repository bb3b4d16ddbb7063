package dev.ec2service.keypair.service;

import java.util.List;
import java.util.Map;

/** The key types of REQ-SSH-002, named as OpenSSH names them, and the curve each ECDSA type implies. */
public final class SshKeyTypes {

    public static final String RSA = "ssh-rsa";
    public static final String ED25519 = "ssh-ed25519";
    public static final String ECDSA_P256 = "ecdsa-sha2-nistp256";
    public static final String ECDSA_P384 = "ecdsa-sha2-nistp384";
    public static final String ECDSA_P521 = "ecdsa-sha2-nistp521";

    /** In the order error messages list them. */
    public static final List<String> SUPPORTED = List.of(RSA, ED25519, ECDSA_P256, ECDSA_P384, ECDSA_P521);

    /** SSH curve name inside the blob (RFC 5656) to the JDK's standard name of the same curve. */
    static final Map<String, String> JDK_CURVES = Map.of(
            "nistp256", "secp256r1",
            "nistp384", "secp384r1",
            "nistp521", "secp521r1");

    private SshKeyTypes() {
    }

    public static boolean isSupported(String type) {
        return SUPPORTED.contains(type);
    }

    public static boolean isEcdsa(String type) {
        return type.startsWith("ecdsa-sha2-");
    }

    /** "nistp256" for "ecdsa-sha2-nistp256". */
    static String curveOf(String ecdsaType) {
        return ecdsaType.substring("ecdsa-sha2-".length());
    }
}
