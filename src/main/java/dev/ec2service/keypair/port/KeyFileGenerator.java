package dev.ec2service.keypair.port;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a new SSH key pair into files, with the ssh-keygen and timeout of {@code ec2.keys.*}, for a feature
 * that keeps a key of its own (the terminal's per-installation key) rather than a user's key pair.
 */
public interface KeyFileGenerator {

    /**
     * Writes a new ed25519 key pair without passphrase: the private key in OpenSSH format to {@code privateKey},
     * the public key line to {@code privateKey} + {@code .pub}. Neither file may exist yet.
     *
     * @throws IOException when ssh-keygen cannot be started, fails, or runs past its timeout
     */
    void generateEd25519(Path privateKey, String comment) throws IOException;
}
