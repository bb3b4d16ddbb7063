package dev.ec2service.terminal.service;

import dev.ec2service.keypair.port.KeyFileGenerator;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.startup.StartupWork;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The per-installation terminal key (ed25519), injected at launch into every instance's meta-data
 * beside the user's key, as EC2 Instance Connect pushes a key. The terminal logs in with it when the
 * service does not hold the private half of the instance's own key (imported pairs, no pair, a
 * generated pair deleted since). It lives at {@code <home>/keys/@terminal}: '@' is outside the
 * key-pair name alphabet, so no key pair's file can ever replace it.
 */
@ApplicationScoped
public class TerminalKey {

    static final String FILE_NAME = "@terminal";

    private final DataHome home;
    private final KeyFileGenerator generator;
    private final StartupWork startup;
    private volatile String publicKey;

    TerminalKey(DataHome home, KeyFileGenerator generator, StartupWork startup) {
        this.home = home;
        this.startup = startup;
        this.generator = generator;
    }

    /** A launch made before this has run creates the key itself ({@link #publicKeyLine}, synchronized). */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        startup.add("terminal-key", 20, () -> {
            try {
                ensure();
            } catch (IOException e) {
                Log.warnf("the terminal key could not be created in %s (%s); terminals work only with generated key "
                        + "pairs", home.keys(), e.getMessage());
            }
        });
    }

    public Path privateKey() {
        return home.keys().resolve(FILE_NAME);
    }

    Path publicKeyFile() {
        return home.keys().resolve(FILE_NAME + ".pub");
    }

    /** The public key line, creating the pair if it is missing; empty when it cannot be made. */
    public Optional<String> publicKeyLine() {
        try {
            ensure();
            return Optional.ofNullable(publicKey);
        } catch (IOException e) {
            Log.warnf("no terminal key: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** The private key file when it exists. */
    public Optional<Path> privateKeyIfPresent() {
        return Files.isRegularFile(privateKey()) ? Optional.of(privateKey()) : Optional.empty();
    }

    synchronized void ensure() throws IOException {
        Path key = privateKey();
        Path pub = publicKeyFile();
        if (Files.isRegularFile(key) && Files.isRegularFile(pub)) {
            if (publicKey == null) {
                publicKey = Files.readString(pub, StandardCharsets.UTF_8).strip();
            }
            return;
        }
        Files.createDirectories(home.keys());
        Files.deleteIfExists(key);
        Files.deleteIfExists(pub);
        generator.generateEd25519(key, "ec2-as-service-terminal");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        publicKey = Files.readString(pub, StandardCharsets.UTF_8).strip();
        Log.infof("created the terminal key %s", key);
    }
}
