package dev.ec2service.keypair.port;

import dev.ec2service.keypair.domain.SshKey;
import java.nio.file.Path;
import java.util.Optional;

/** Key pairs as other features need them: launching an instance with one, logging in to it with its private half. */
public interface KeyPairLookup {

    /** The key pair to launch with, refused (invalid argument) when it does not exist. */
    SshKey requireExisting(String name);

    /** The private key file of a generated pair, if the pair exists and the file is still there. */
    Optional<Path> privateKeyFile(String name);
}
