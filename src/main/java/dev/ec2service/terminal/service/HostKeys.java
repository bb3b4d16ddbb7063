package dev.ec2service.terminal.service;

import dev.ec2service.platform.files.DataHome;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Trust on first use, per instance: the first host key an instance's SSH server shows is stored in
 * {@code <home>/instances/<id>/ssh_host_key} (an OpenSSH public key line) and every later session must
 * show the same key. The file goes with the instance directory on termination.
 */
@ApplicationScoped
public class HostKeys {

    static final String FILE_NAME = "ssh_host_key";

    private final DataHome home;

    HostKeys(DataHome home) {
        this.home = home;
    }

    Path fileOf(String instanceId) {
        return home.instanceDir(instanceId).resolve(FILE_NAME);
    }

    /** The verifier for one connection; {@link Verifier#mismatch()} says afterwards why it refused. */
    public Verifier verifierFor(String instanceId) {
        return new Verifier(fileOf(instanceId));
    }

    static String line(PublicKey key) {
        return KeyType.fromKey(key) + " "
                + Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
    }

    /** Checks one connection's host key against the stored one, storing it when there is none. */
    public static final class Verifier implements HostKeyVerifier {

        private final Path file;
        private volatile String mismatch;

        Verifier(Path file) {
            this.file = file;
        }

        /** Why the host key was refused, or empty. */
        public Optional<String> mismatch() {
            return Optional.ofNullable(mismatch);
        }

        @Override
        public boolean verify(String hostname, int port, PublicKey key) {
            String seen = line(key);
            Optional<String> stored = stored();
            if (stored.isEmpty()) {
                store(seen);
                return true;
            }
            if (stored.get().equals(seen)) {
                return true;
            }
            mismatch = "the SSH host key of " + hostname + " changed: expected " + fingerprintOf(stored.get()) + ", got "
                    + fingerprintOf(seen) + "; refusing the session (if the guest's keys were regenerated on purpose, delete "
                    + file + ")";
            return false;
        }

        @Override
        public List<String> findExistingAlgorithms(String hostname, int port) {
            // ask for the algorithm of the stored key, so the server shows the same key it showed first
            return stored().map(s -> List.of(s.substring(0, s.indexOf(' ')))).orElse(List.of());
        }

        private Optional<String> stored() {
            try {
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                return text.contains(" ") ? Optional.of(text) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the stored host key " + file, e);
            }
        }

        private void store(String keyLine) {
            try {
                Files.createDirectories(file.getParent());
                Path partial = file.resolveSibling(FILE_NAME + ".partial");
                Files.writeString(partial, keyLine + "\n", StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
                Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store the host key in " + file, e);
            }
        }

        private static String fingerprintOf(String keyLine) {
            try {
                byte[] blob = Base64.getDecoder().decode(keyLine.substring(keyLine.indexOf(' ') + 1));
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(blob);
                return keyLine.substring(0, keyLine.indexOf(' ')) + " SHA256:"
                        + Base64.getEncoder().withoutPadding().encodeToString(digest);
            } catch (java.security.NoSuchAlgorithmException | IllegalArgumentException e) {
                return keyLine;
            }
        }
    }
}
