package dev.ec2service.keypair.domain;

import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;

/**
 * Every refusal of the key-pair feature, one code per kind of mistake, so a client (and a test) can tell "wrong
 * key type" from "key too weak" without parsing the detail text.
 */
public final class KeyPairErrors {

    public static final ErrorCode NOT_FOUND = ErrorCode.notFound("Key pair");
    public static final ErrorCode UNKNOWN_KEY_PAIR =
            new ErrorCode("unknown-key-pair", Kind.INVALID, "Unknown key pair");
    public static final ErrorCode MALFORMED_PUBLIC_KEY =
            new ErrorCode("malformed-public-key", Kind.INVALID, "Malformed public key");
    public static final ErrorCode UNSUPPORTED_TYPE =
            new ErrorCode("unsupported-key-type", Kind.INVALID, "Unsupported key type");
    public static final ErrorCode TYPE_MISMATCH = new ErrorCode("key-type-mismatch", Kind.INVALID, "Key type mismatch");
    public static final ErrorCode INVALID_MATERIAL =
            new ErrorCode("invalid-key-material", Kind.INVALID, "Invalid key material");
    public static final ErrorCode RSA_TOO_SMALL = new ErrorCode("rsa-key-too-small", Kind.INVALID, "RSA key too small");
    public static final ErrorCode PRIVATE_KEY = new ErrorCode("private-key-rejected", Kind.INVALID, "Private key refused");
    public static final ErrorCode INVALID_NAME = new ErrorCode("invalid-key-name", Kind.INVALID, "Invalid key pair name");
    public static final ErrorCode INVALID_REQUEST =
            new ErrorCode("invalid-key-request", Kind.INVALID, "Invalid key pair request");
    public static final ErrorCode NAME_TAKEN = new ErrorCode("key-pair-exists", Kind.CONFLICT, "Key pair exists");
    public static final ErrorCode DUPLICATE_MATERIAL =
            new ErrorCode("duplicate-key-material", Kind.CONFLICT, "Public key already imported");
    public static final ErrorCode GENERATION_UNAVAILABLE =
            new ErrorCode("key-generation-unavailable", Kind.UNAVAILABLE, "Key generation failed");

    private KeyPairErrors() {
    }
}
