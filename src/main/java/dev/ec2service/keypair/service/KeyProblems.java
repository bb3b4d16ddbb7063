package dev.ec2service.keypair.service;

import dev.ec2service.keypair.domain.KeyPairErrors;
import dev.ec2service.platform.error.DomainException;

/**
 * Every refusal of the key-pair feature, one problem type per kind of mistake, so a client (and a
 * test) can tell "wrong key type" from "key too weak" without parsing the detail text.
 */
public final class KeyProblems {

    private KeyProblems() {
    }

    /** Not OpenSSH one-line format: base64, structure, trailing bytes, line breaks. */
    public static DomainException malformed(String detail) {
        return KeyPairErrors.MALFORMED_PUBLIC_KEY.exception(detail);
    }

    /** A key type outside the five of REQ-SSH-002. */
    public static DomainException unsupportedType(String detail) {
        return KeyPairErrors.UNSUPPORTED_TYPE.exception(detail);
    }

    /** The blob says one algorithm or curve, the line declares another. */
    public static DomainException typeMismatch(String detail) {
        return KeyPairErrors.TYPE_MISMATCH.exception(detail);
    }

    /** Well-formed but cryptographically unusable: a point off the curve, a bad exponent. */
    public static DomainException invalidMaterial(String detail) {
        return KeyPairErrors.INVALID_MATERIAL.exception(detail);
    }

    public static DomainException rsaTooSmall(String detail) {
        return KeyPairErrors.RSA_TOO_SMALL.exception(detail);
    }

    /** The detail must never quote the text: it is a secret the user pasted by mistake. */
    public static DomainException privateKey() {
        return KeyPairErrors.PRIVATE_KEY.exception(
                "this is a private key; import the public key instead (the one-line .pub file, or the output of "
                        + "ssh-keygen -y -f <private key file>). The private key was neither stored nor logged");
    }

    public static DomainException invalidName(String detail) {
        return KeyPairErrors.INVALID_NAME.exception(detail);
    }

    /** The request's fields do not describe an import or a generation. */
    public static DomainException invalidRequest(String detail) {
        return KeyPairErrors.INVALID_REQUEST.exception(detail);
    }

    /** REQ-SSH-004. */
    public static DomainException nameTaken(String name) {
        return KeyPairErrors.NAME_TAKEN.exception("a key pair named '" + name + "' already exists");
    }

    /** REQ-SSH-005: names the pair that holds the material, so the user can use or delete it. */
    public static DomainException duplicateMaterial(String existingName) {
        return KeyPairErrors.DUPLICATE_MATERIAL.exception(
                "this public key is already imported as key pair '" + existingName + "'");
    }


    /** ssh-keygen is missing or failed; the service itself is fine, the host lacks a tool. */
    public static DomainException generationFailed(String detail) {
        return KeyPairErrors.GENERATION_UNAVAILABLE.exception(detail);
    }
}
