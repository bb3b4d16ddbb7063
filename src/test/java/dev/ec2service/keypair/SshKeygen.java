package dev.ec2service.keypair;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real ssh-keygen as the reference our parser and fingerprints are held against. */
public final class SshKeygen {

    private SshKeygen() {
    }

    /** A new unencrypted pair in {@code dir/<file>} and {@code dir/<file>.pub}; answers the private key's path. */
    public static Path generate(Path dir, String file, String comment, String... typeArgs) {
        Path key = dir.resolve(file);
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q"));
        command.addAll(List.of(typeArgs));
        command.addAll(List.of("-N", "", "-C", comment, "-f", key.toString()));
        run(command.toArray(String[]::new));
        return key;
    }

    public static String publicLine(Path privateKey) {
        try {
            return Files.readString(Path.of(privateKey + ".pub"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The blob of a public key line, decoded. */
    public static byte[] blob(String publicLine) {
        return Base64.getDecoder().decode(publicLine.split(" ")[1]);
    }

    /** The fingerprint field of {@code ssh-keygen -l [-E md5] -f <file>}, e.g. "MD5:aa:bb:..." or "SHA256:...". */
    public static String fingerprint(Path publicKeyFile, boolean md5) {
        String out = md5
                ? run("ssh-keygen", "-l", "-E", "md5", "-f", publicKeyFile.toString())
                : run("ssh-keygen", "-l", "-f", publicKeyFile.toString());
        return out.strip().split(" ")[1];
    }

    /** Runs a command, fails on a non-zero exit, answers its standard output. */
    public static String run(String... command) {
        try {
            // stdin from /dev/null: an "Overwrite (y/n)?" prompt must fail the test, not hang it
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
