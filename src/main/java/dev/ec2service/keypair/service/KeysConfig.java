package dev.ec2service.keypair.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of key pair generation ({@code ec2.keys.*}). */
@ConfigMapping(prefix = "ec2.keys")
public interface KeysConfig {

    /** The ssh-keygen that generates key pairs; a bare name is looked up on the PATH. */
    @WithDefault("ssh-keygen")
    String sshKeygen();

    /** How long ssh-keygen may take before generation is abandoned (RSA can take a moment). */
    @WithDefault("30s")
    Duration generateTimeout();

    /** Modulus size of generated RSA keys; 3072 is ssh-keygen's own default and above our 2048 minimum. */
    @WithDefault("3072")
    int rsaBits();
}
