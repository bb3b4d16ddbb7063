package dev.ec2service.keypair.service;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A validated public key in OpenSSH one-line format ({@code type base64 [comment]}, as in a .pub file
 * or authorized_keys) (REQ-SSH-001, REQ-SSH-002). {@link #parse} refuses anything else with a
 * problem that says what is wrong; the blob itself is checked by {@link KeyBlobCheck}.
 */
public record OpenSshPublicKey(String type, byte[] blob, String comment) {

    /** Generous: a 16384-bit RSA key with a long comment is about 3 KB. Bounds the work per request. */
    static final int MAX_LENGTH = 16 * 1024;

    private static final Pattern PEM_PRIVATE = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");
    /** "openssh-key-v1\0" in base64: the body of an OpenSSH private key pasted without its armour. */
    private static final String OPENSSH_PRIVATE_BODY = "b3BlbnNzaC1rZXktdjE";
    private static final Pattern FIELD_SEPARATOR = Pattern.compile("[ \t]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TYPE_LIKE = Pattern.compile("[A-Za-z0-9@._+-]{1,64}");

    /** Validates {@code text} and answers the key, or refuses naming the mistake. */
    public static OpenSshPublicKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw KeyProblems.malformed("public_key is empty");
        }
        // checked before anything that might quote the text back
        if (looksPrivate(text)) {
            throw KeyProblems.privateKey();
        }
        if (text.length() > MAX_LENGTH) {
            throw KeyProblems.malformed("public_key is " + text.length() + " characters long; at most " + MAX_LENGTH
                    + " are accepted");
        }
        String line = text.strip();
        if (line.startsWith("---- BEGIN SSH2 PUBLIC KEY")) {
            throw KeyProblems.malformed("this is an RFC 4716 (SSH2) public key; convert it to OpenSSH format with "
                    + "ssh-keygen -i -f <file>");
        }
        if (line.startsWith("-----BEGIN")) {
            throw KeyProblems.malformed("this is a PEM file, not an OpenSSH public key; convert it with "
                    + "ssh-keygen -i -m PKCS8 -f <file>");
        }
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw KeyProblems.malformed("public_key must be a single line (type base64 [comment]); import one key "
                    + "at a time");
        }
        String[] fields = FIELD_SEPARATOR.split(line, 3);
        String type = fields[0];
        if (!SshKeyTypes.isSupported(type)) {
            throw unknownType(type, fields.length);
        }
        if (fields.length < 2) {
            throw KeyProblems.malformed("the base64 key data after '" + type + "' is missing");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(fields[1]);
        } catch (IllegalArgumentException e) {
            throw KeyProblems.malformed("the key data after '" + type + "' is not valid base64: base64 does not "
                    + "decode");
        }
        String comment = fields.length == 3 ? fields[2].strip() : "";
        if (comment.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw KeyProblems.malformed("the comment contains control characters");
        }
        KeyBlobCheck.check(type, blob);
        return new OpenSshPublicKey(type, blob, comment);
    }

    /** The form we store and hand out: type, canonical padded base64, comment if any. */
    public String line() {
        String base = type + " " + Base64.getEncoder().encodeToString(blob);
        return comment.isEmpty() ? base : base + " " + comment;
    }

    /** REQ-SSH-003. */
    public String md5Fingerprint() {
        return Fingerprints.md5(blob);
    }

    public String sha256Fingerprint() {
        return Fingerprints.sha256(blob);
    }

    /** Also true for keys pasted without armour or in PuTTY's format; refusing beats storing a secret. */
    static boolean looksPrivate(String text) {
        return PEM_PRIVATE.matcher(text).find()
                || text.contains("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----")
                || text.contains("PuTTY-User-Key-File-")
                || WHITESPACE.splitAsStream(text.strip()).anyMatch(f -> f.startsWith(OPENSSH_PRIVATE_BODY));
    }

    private static RuntimeException unknownType(String type, int fieldCount) {
        String supported = String.join(", ", SshKeyTypes.SUPPORTED);
        if (TYPE_LIKE.matcher(type).matches() && fieldCount >= 2) {
            return KeyProblems.unsupportedType(type + " is not supported; supported types are " + supported);
        }
        return KeyProblems.malformed("not an OpenSSH public key: expected 'type base64 [comment]' with type one of "
                + supported);
    }
}
