package dev.ec2service.keypair.service;

import dev.ec2service.keypair.domain.SshKey;
import dev.ec2service.platform.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/** Key pairs: import, generate, fingerprints, delete. */
@ApplicationScoped
public class KeyPairService {

    /** The key pair to launch with, refused (422) when it does not exist. */
    public SshKey requireExisting(String name) {
        SshKey key = SshKey.findById(name);
        if (key == null) {
            throw ProblemException.invalid("unknown-key-pair", "key pair '" + name + "' does not exist");
        }
        return key;
    }
}
