package dev.ec2service.testsupport;

import dev.ec2service.keypair.domain.SshKey;
import dev.ec2service.storage.service.Tools;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Key pairs made with ssh-keygen for tests that log into guests. */
public final class TestKeys {

    private TestKeys() {
    }

    /** A fresh ed25519 pair; answers the private key file (the public one is beside it, .pub). */
    public static Path generate(Path dir, String name) throws IOException {
        Path key = dir.resolve(name);
        Files.deleteIfExists(key);
        Files.deleteIfExists(dir.resolve(name + ".pub"));
        Tools.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()));
        return key;
    }

    /** Stores the public half as a key pair row, the way an import does. */
    public static void store(String name, Path privateKey) throws IOException {
        String publicKey = Files.readString(Path.of(privateKey + ".pub")).trim();
        String md5 = Tools.run(List.of("ssh-keygen", "-l", "-E", "md5", "-f", privateKey + ".pub")).split(" ")[1]
                .substring("MD5:".length());
        QuarkusTransaction.requiringNew().run(() -> {
            SshKey.deleteById(name);
            SshKey.flush();
            SshKey key = new SshKey();
            key.name = name;
            key.publicKey = publicKey;
            key.fingerprint = md5;
            key.keyType = "ssh-ed25519";
            key.createdAt = Instant.now();
            key.persist();
        });
    }
}
