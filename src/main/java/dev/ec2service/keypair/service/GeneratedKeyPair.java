package dev.ec2service.keypair.service;

/** A freshly generated pair: the public line as ssh-keygen wrote it and the OpenSSH private key text. */
public record GeneratedKeyPair(String publicKeyLine, String privateKey) {

    /** Never print the private key, not even by accident in a debugger or a log of this record. */
    @Override
    public String toString() {
        return "GeneratedKeyPair[" + publicKeyLine.split(" ")[0] + "]";
    }
}
