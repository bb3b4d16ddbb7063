package dev.ec2service.keypair.service;

import dev.ec2service.platform.files.DataHome;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The private keys of generated pairs, one file {@code <home>/keys/<name>} each ({@link #fileName}), mode 0600 in the
 * 0700 keys directory. File changes follow the database transaction that records them, so a row
 * never outlives or predates its file by more than a crash.
 */
@ApplicationScoped
public class PrivateKeyFiles {

    /** '+' is outside the key name alphabet: names with it are ours, never a key pair's. */
    static final String SCRATCH_MARK = "+";
    /** '^' is outside the key name alphabet too: it marks the file names {@link #fileName} makes. */
    static final String CASE_MARK = "^";

    private final DataHome home;
    private final TransactionSynchronizationRegistry transactions;

    PrivateKeyFiles(DataHome home, TransactionSynchronizationRegistry transactions) {
        this.home = home;
        this.transactions = transactions;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        removeScratch();
    }

    /**
     * Deletes what a crash during generation or storage left in the keys directory: scratch directories
     * and partial files, which may hold unencrypted private keys. Key files are never touched (see
     * {@link #SCRATCH_MARK}).
     */
    public void removeScratch() {
        try (Stream<Path> entries = Files.list(home.keys())) {
            entries.filter(p -> p.getFileName().toString().contains(SCRATCH_MARK))
                    .forEach(PrivateKeyFiles::deleteTree);
        } catch (IOException e) {
            Log.warnf("could not look for leftovers in %s: %s", home.keys(), e.getMessage());
        }
    }

    /**
     * {@code <home>/keys}, recreated (0700) if it was removed while the service runs, so generation
     * does not fail on a directory someone cleaned up.
     */
    public Path directory() throws IOException {
        Path keys = home.keys();
        if (!Files.isDirectory(keys)) {
            Files.createDirectories(keys, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        return keys;
    }

    /** Where the private key of pair {@code name} lives; the name was checked by {@link KeyPairName}. */
    public Path fileOf(String name) {
        return home.keys().resolve(fileName(name));
    }

    /**
     * The key file's name: key pair names are case-sensitive ({@code a} and {@code A} are two pairs), but macOS's
     * file system is not, and two pairs must never share a private key file. The name in lower case (cut to leave
     * room), {@link #CASE_MARK} and a digest of the exact name: no two names give files that differ only in case,
     * none exceeds 255 bytes, and none is a bare key name, which is what files written before had (their rows keep
     * their paths), so a new pair can never land on an old pair's file either.
     */
    static String fileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(digest, 0, 12);
            return lower.substring(0, Math.min(lower.length(), 200)) + CASE_MARK + hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Writes the key within the current transaction and removes it again if that transaction rolls back.
     * Call after the row is flushed: the name is then ours, so a file already there is a crash leftover
     * and may be replaced.
     */
    public Path store(String name, String privateKey) {
        Path target = fileOf(name);
        Path partial = null;
        try {
            partial = Files.createTempFile(directory(), "write" + SCRATCH_MARK, ".partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(partial)) {
                out.write(privateKey.getBytes(StandardCharsets.UTF_8));
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw KeyProblems.generationFailed("could not store the private key in " + home.keys() + ": "
                    + KeyGenerator.describe(e));
        }
        transactions.registerInterposedSynchronization(afterCompletion(committed -> {
            if (!committed) {
                deleteQuietly(target);
            }
        }));
        return target;
    }

    /** Deletes the file once the transaction that deletes its row has committed. */
    public void deleteAfterCommit(Path file) {
        transactions.registerInterposedSynchronization(afterCompletion(committed -> {
            if (committed) {
                deleteQuietly(file);
            }
        }));
    }

    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(PrivateKeyFiles::deleteQuietly);
        } catch (IOException e) {
            Log.warnf("could not remove %s: %s", root, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warnf("could not delete private key file %s: %s", file, e.getMessage());
        }
    }

    private static Synchronization afterCompletion(Consumer<Boolean> action) {
        return new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                action.accept(status == Status.STATUS_COMMITTED);
            }
        };
    }
}
