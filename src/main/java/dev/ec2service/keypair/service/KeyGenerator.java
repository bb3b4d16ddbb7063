package dev.ec2service.keypair.service;

import dev.ec2service.keypair.port.KeyFileGenerator;
import dev.ec2service.platform.process.Tools;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

/**
 * Generates key pairs with ssh-keygen, so the private key is in exactly the OpenSSH format every
 * ssh client reads (Java libraries write RSA and ECDSA keys only as PEM). ssh-keygen writes into
 * a fresh 0700 directory inside {@code <home>/keys} that is removed before this returns.
 */
@ApplicationScoped
public class KeyGenerator implements KeyFileGenerator {

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

    /** Never collides with a key file, and is swept at startup if a crash left it behind. */
    private static final String SCRATCH_PREFIX = "generate" + PrivateKeyFiles.SCRATCH_MARK;

    private final KeysConfig config;
    private final PrivateKeyFiles files;

    KeyGenerator(KeysConfig config, PrivateKeyFiles files) {
        this.config = config;
        this.files = files;
    }

    /** A new pair whose public key carries {@code comment}; refused (unavailable) if ssh-keygen fails. */
    public GeneratedKeyPair generate(Kind kind, String comment) {
        Path scratch = null;
        try {
            // inside keys/ (0700) rather than /tmp: same file system, same protection, swept at startup
            scratch = Files.createTempDirectory(files.directory(), SCRATCH_PREFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path keyFile = scratch.resolve("key");
            run(command(kind, comment, keyFile));
            return new GeneratedKeyPair(
                    Files.readString(keyFile.resolveSibling("key.pub"), StandardCharsets.UTF_8).strip(),
                    Files.readString(keyFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw KeyProblems.generationFailed("could not generate a key pair: " + describe(e));
        } finally {
            if (scratch != null) {
                PrivateKeyFiles.deleteTree(scratch);
            }
        }
    }

    @Override
    public void generateEd25519(Path privateKey, String comment) throws IOException {
        try {
            Tools.run(command(Kind.ED25519, comment, privateKey), config.generateTimeout());
        } catch (Tools.ToolMissingException e) {
            throw new IOException(missing(), e);
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

    private String missing() {
        return "ssh-keygen could not be started (" + config.sshKeygen()
                + "); install the OpenSSH client or set ec2.keys.ssh-keygen";
    }

    /** NIO exceptions carry only a path as message; the class name says what happened to it. */
    static String describe(IOException e) {
        return e.getClass().getSimpleName() + " " + e.getMessage();
    }

    private void run(List<String> command) {
        try {
            // ssh-keygen's output is a one-line reason; it never contains key material
            Tools.run(command, config.generateTimeout());
        } catch (Tools.ToolMissingException e) {
            throw KeyProblems.generationFailed(missing());
        } catch (IOException e) {
            throw KeyProblems.generationFailed(e.getMessage());
        }
    }
}
