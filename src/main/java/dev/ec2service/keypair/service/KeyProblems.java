package dev.ec2service.keypair.service;

import dev.ec2service.platform.api.ProblemException;

/**
 * Every refusal of the key-pair feature, one problem type per kind of mistake, so a client (and a
 * test) can tell "wrong key type" from "key too weak" without parsing the detail text.
 */
public final class KeyProblems {

    private KeyProblems() {
    }

    /** Not OpenSSH one-line format: base64, structure, trailing bytes, line breaks. */
    public static ProblemException malformed(String detail) {
        return new ProblemException(422, "malformed-public-key", "Malformed public key", detail);
    }

    /** A key type outside the five of REQ-SSH-002. */
    public static ProblemException unsupportedType(String detail) {
        return new ProblemException(422, "unsupported-key-type", "Unsupported key type", detail);
    }

    /** The blob says one algorithm or curve, the line declares another. */
    public static ProblemException typeMismatch(String detail) {
        return new ProblemException(422, "key-type-mismatch", "Key type mismatch", detail);
    }

    /** Well-formed but cryptographically unusable: a point off the curve, a bad exponent. */
    public static ProblemException invalidMaterial(String detail) {
        return new ProblemException(422, "invalid-key-material", "Invalid key material", detail);
    }

    public static ProblemException rsaTooSmall(String detail) {
        return new ProblemException(422, "rsa-key-too-small", "RSA key too small", detail);
    }

    /** The detail must never quote the text: it is a secret the user pasted by mistake. */
    public static ProblemException privateKey() {
        return new ProblemException(422, "private-key-rejected", "Private key refused",
                "this is a private key; import the public key instead (the one-line .pub file, or the output of "
                        + "ssh-keygen -y -f <private key file>). The private key was neither stored nor logged");
    }

    public static ProblemException invalidName(String detail) {
        return new ProblemException(422, "invalid-key-name", "Invalid key pair name", detail);
    }

    /** The request's fields do not describe an import or a generation. */
    public static ProblemException invalidRequest(String detail) {
        return new ProblemException(422, "invalid-key-request", "Invalid key pair request", detail);
    }

    /** REQ-SSH-004. */
    public static ProblemException nameTaken(String name) {
        return ProblemException.conflict("key-pair-exists", "a key pair named '" + name + "' already exists");
    }

    /** REQ-SSH-005: names the pair that holds the material, so the user can use or delete it. */
    public static ProblemException duplicateMaterial(String existingName) {
        return ProblemException.conflict("duplicate-key-material",
                "this public key is already imported as key pair '" + existingName + "'");
    }

    public static ProblemException missingBody() {
        return new ProblemException(400, "malformed-body", "Malformed request body", "a JSON body is required");
    }

    /** ssh-keygen is missing or failed; the service itself is fine, the host lacks a tool. */
    public static ProblemException generationFailed(String detail) {
        return new ProblemException(503, "key-generation-unavailable", "Key generation failed", detail);
    }
}
