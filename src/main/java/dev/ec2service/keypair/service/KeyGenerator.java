package dev.ec2service.keypair.service;

import dev.ec2service.storage.service.DataHome;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Generates key pairs with ssh-keygen, so the private key is in exactly the OpenSSH format every
 * ssh client reads (Java libraries write RSA and ECDSA keys only as PEM). ssh-keygen writes into
 * a fresh 0700 directory inside {@code <home>/keys} that is removed before this returns.
 */
@ApplicationScoped
public class KeyGenerator {

    /** Key types a caller may ask for, as EC2's CreateKeyPair names them. */
    public enum Kind {
        ED25519, RSA;

        public static Kind parse(String value) {
            if (value == null) {
                return ED25519;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "ed25519" -> ED25519;
                case "rsa" -> RSA;
                default -> throw KeyProblems.invalidRequest("key_type must be ed25519 or rsa");
            };
        }
    }

    /** '+' is outside the key name alphabet, so a scratch directory can never collide with a key file. */
    private static final String SCRATCH_PREFIX = "generate+";

    private final KeysConfig config;
    private final DataHome home;

    KeyGenerator(KeysConfig config, DataHome home) {
        this.config = config;
        this.home = home;
    }

    /** A new pair whose public key carries {@code comment}; throws a 503 problem if ssh-keygen fails. */
    public GeneratedKeyPair generate(Kind kind, String comment) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory(home.keys(), SCRATCH_PREFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path keyFile = scratch.resolve("key");
            run(command(kind, comment, keyFile), scratch.resolve("ssh-keygen.out"));
            return new GeneratedKeyPair(
                    Files.readString(keyFile.resolveSibling("key.pub"), StandardCharsets.UTF_8).strip(),
                    Files.readString(keyFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw KeyProblems.generationFailed("could not generate a key pair: " + e.getMessage());
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    private List<String> command(Kind kind, String comment, Path keyFile) {
        return switch (kind) {
            case ED25519 -> List.of(config.sshKeygen(), "-q", "-t", "ed25519", "-N", "", "-C", comment,
                    "-f", keyFile.toString());
            case RSA -> List.of(config.sshKeygen(), "-q", "-t", "rsa", "-b", Integer.toString(config.rsaBits()),
                    "-N", "", "-C", comment, "-f", keyFile.toString());
        };
    }

    /** Output goes to a file, not a pipe, so a chatty ssh-keygen can never block on a full buffer. */
    private void run(List<String> command, Path output) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw KeyProblems.generationFailed("ssh-keygen could not be started (" + config.sshKeygen()
                    + "); install the OpenSSH client or set ec2.keys.ssh-keygen");
        }
        try {
            if (!process.waitFor(config.generateTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw KeyProblems.generationFailed("ssh-keygen did not finish within " + config.generateTimeout());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw KeyProblems.generationFailed("interrupted while ssh-keygen was running");
        }
        if (process.exitValue() != 0) {
            // ssh-keygen's output is a one-line reason; it never contains key material
            throw KeyProblems.generationFailed("ssh-keygen failed with exit code " + process.exitValue() + ": "
                    + Files.readString(output, StandardCharsets.UTF_8).strip());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            Log.warnf("could not remove the key generation scratch directory %s: %s", dir,
                    e.getMessage());
        }
    }
}
